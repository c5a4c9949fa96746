import torch.nn as nn
x = nn.GELU()
