"""A small PyTorch model used by the ML Lens integration tests."""
import torch
import torch.nn as nn


class TinyClassifier(nn.Module):
    def __init__(self, in_features: int = 784, hidden: int = 256, classes: int = 10):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_features, hidden),
            nn.GELU(),
            nn.Dropout(0.1),
            nn.LayerNorm(hidden),
            nn.Linear(hidden, classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class TinyConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.bn = nn.BatchNorm2d(16)
        self.act = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.head = nn.Linear(16 * 16 * 16, 10)

    def forward(self, x):
        x = self.pool(self.act(self.bn(self.conv(x))))
        return self.head(torch.flatten(x, 1))


loss_fn = nn.CrossEntropyLoss()
model = TinyClassifier()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
