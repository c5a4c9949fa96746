"""A small image classifier: two convolution blocks, then a classifier head.

Hover any layer (nn.Conv2d, nn.BatchNorm2d, F.gelu ...) for its card, and words in this docstring
such as "receptive field" or "batch normalization" for theirs.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

NUM_CLASSES = 10


# input: [8, 3, 32, 32]
class SmallCNN(nn.Module):
    def __init__(self, num_classes=NUM_CLASSES, width=32):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, width, kernel_size=3, padding=1),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),                      # 32×32 → 16×16
            nn.Conv2d(width, 2 * width, kernel_size=3, padding=1),
            nn.BatchNorm2d(2 * width),
            nn.GELU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.dropout = nn.Dropout(p=0.2)
        self.head = nn.Linear(2 * width, num_classes)
        nn.init.kaiming_normal_(self.head.weight, nonlinearity="relu")

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        x = self.dropout(x)
        return F.log_softmax(self.head(x), dim=-1)
