"""The five posts the handbook is built from, and how a page names each one (by title, or described).

A page that attributes a claim to a post names it this way, with the section, so a reader can check it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Post:
    key: str
    file: str  # in the project's shared seeds folder; readers do not have these files
    en: str
    zh: str
    short_en: str  # once a page has named the post in full, later mentions use this
    short_zh: str


POSTS = {
    p.key: p
    for p in (
        Post(
            "gradient_descent",
            "000_94686b024d2708b2.txt",
            "the post “Gradient Descent” (written in Chinese)",
            "博文《Gradient Descent》",
            "the post “Gradient Descent”",
            "《Gradient Descent》",
        ),
        Post(
            "gradient_notes",
            "001_4cdadd52666f425e.txt",
            "the post 《梯度求解学习小结1》 (notes on deriving gradients)",
            "博文《梯度求解学习小结1》",
            "the post 《梯度求解学习小结1》",
            "《梯度求解学习小结1》",
        ),
        Post(
            "numpy_mlp",
            "002_51bf57f43e65df1a.txt",
            "a post on writing an MLP's forward and backward pass by hand in NumPy, reviewed for interviews",
            "一篇用 NumPy 手写 MLP 前向与反向传播、为面试复习而写的博文",
            "the NumPy MLP post",
            "那篇 NumPy MLP 博文",
        ),
        Post(
            "autodiff_frameworks",
            "003_e9e3bc7e425e05bd.txt",
            "a post comparing automatic differentiation and optimisers in TensorFlow and PyTorch",
            "一篇比较 TensorFlow 与 PyTorch 中自动微分和优化器的博文",
            "the TensorFlow and PyTorch post",
            "那篇比较 TensorFlow 与 PyTorch 的博文",
        ),
        Post(
            "pytorch_notes",
            "004_cca882b2ae9ebbe1.txt",
            "the post 《PyTorch入门实战教程笔记(十):梯度相关操作1》",
            "博文《PyTorch入门实战教程笔记(十)：梯度相关操作1》",
            "the post 《PyTorch入门实战教程笔记(十):梯度相关操作1》",
            "《PyTorch入门实战教程笔记(十)：梯度相关操作1》",
        ),
    )
}
