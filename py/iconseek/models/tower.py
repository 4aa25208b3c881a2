"""The icon image tower: a small CNN from a 1×S×S raster to a unit 384-d vector.

Why this shape: icons are binary line art at 64 px, so a few conv blocks see
all of it (receptive field covers the image by block 4); BatchNorm + GELU train
fast from scratch; global average *and* max pooling keep both "how much ink
where" and "is there a distinctive stroke somewhere". Every block halves the
resolution (64 -> 2), so the widest layers run on tiny maps: ~1.4M parameters and
~17M multiply-adds per image, which keeps CPU training on a shared 2-core machine
(tens of images/s) within minutes rather than hours.

The input follows the contract (docs/CONTRACTS.md): float32 in [0, 1], 1 = white
paper. The network inverts it first so that ink is 1 and zero padding of the
convolutions reads as blank paper.

torch is imported lazily by ``build_tower`` (optional ``train`` extra).
"""

from __future__ import annotations

EMBED_DIM = 384
WIDTHS = (16, 32, 64, 128, 256)


def build_tower(embed_dim: int = EMBED_DIM, widths: tuple[int, ...] = WIDTHS):
    """Return an untrained ``torch.nn.Module``: pixels [B,1,S,S] -> unit vectors [B,D]."""
    import torch
    from torch import nn

    def block(cin: int, cout: int, downsample: bool) -> nn.Sequential:
        return nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride=2 if downsample else 1, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.GELU(),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.GELU(),
        )

    class IconTower(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            blocks, cin = [], 1
            for i, width in enumerate(widths):
                blocks.append(block(cin, width, downsample=True))
                cin = width
            self.features = nn.Sequential(*blocks)
            self.project = nn.Linear(2 * cin, embed_dim)

        def forward(self, pixels: torch.Tensor) -> torch.Tensor:
            ink = 1.0 - pixels
            fmap = self.features(ink)
            pooled = torch.cat([fmap.mean(dim=(2, 3)), fmap.amax(dim=(2, 3))], dim=1)
            out = self.project(pooled.float())
            return nn.functional.normalize(out, p=2.0, dim=1)

    return IconTower()


def count_parameters(model) -> int:
    return sum(p.numel() for p in model.parameters())


def export_tower_onnx(model, out_path, raster_size: int, opset: int = 17) -> None:
    """Write the tower as ONNX to a path or a binary file object: input ``pixels`` [B,1,S,S]
    float32, output ``embeddings``."""
    import torch

    model = model.eval().float().to(memory_format=torch.contiguous_format)
    dummy = torch.ones(2, 1, raster_size, raster_size)
    with torch.no_grad():
        torch.onnx.export(
            model,
            (dummy,),
            out_path if hasattr(out_path, "write") else str(out_path),
            input_names=["pixels"],
            output_names=["embeddings"],
            dynamic_axes={"pixels": {0: "batch"}, "embeddings": {0: "batch"}},
            opset_version=opset,
            do_constant_folding=True,
            dynamo=False,
        )
