"""Column combining inside a PyTorch training loop.

Three ways in, all over the same C++ packing as `colcomb pack` (masks are computed on the CPU and
moved to the weight's device, so CUDA models work unchanged):

* ``column_combine(module, "weight", alpha=8, gamma=0.5)``: a pruning method of
  ``torch.nn.utils.prune`` (``weight_orig``, ``weight_mask``, the forward pre-hook;
  ``prune.remove`` makes it permanent), used like ``prune.l1_unstructured``.
* ``mask_calculator(alpha, gamma)``: a callable from a weight to its bool mask, for NVIDIA ASP's
  ``ASP.init_model_for_pruning(model, mask_calculator=...)`` in place of 2:4;
  ``nm_mask_calculator(n, m)`` is N:M itself (2:4 is ASP's ``m4n2_1d``), for comparing the two.
* ``JointSchedule(model, alpha=8, gamma=1.75, epochs=E)``: the released recipe's joint
  optimization. Call ``epoch_start(epoch)`` at the start of every epoch and add ``penalty()`` to
  the loss; at ten evenly spaced epochs over the first half of training each layer is pruned by
  magnitude to a growing share and column-combined, which fixes its mask until the next step.
"""
import copy

import torch
from torch.nn.utils import prune

from . import _core


def _cpu_float32(tensor):
    """The tensor's values as a float32 C-order NumPy array on the CPU (no copy when it is one)."""
    return tensor.detach().to(device="cpu", dtype=torch.float32).contiguous().numpy()


class ColumnCombine(prune.BasePruningMethod):
    """Column-combine pruning as a ``torch.nn.utils.prune`` method.

    The mask keeps, in every group of at most ``alpha`` columns of the layer's filter matrix
    (filters x in*kh*kw), one weight per row, the largest, after allowing at most
    floor(gamma x rows) conflicts per group. Weights an earlier mask removed stay removed.
    ``self.packing`` holds the last colcomb.Packing, with the groups and metrics.
    """

    # The mask is a function of the whole tensor: PyTorch must hand over all of it, not the
    # entries an earlier mask left (which would lose the filter matrix's shape).
    PRUNING_TYPE = "global"

    def __init__(self, alpha=8, gamma=0.5, method="pairwise", section=256):
        self.alpha = alpha
        self.gamma = gamma
        self.method = method
        self.section = section
        self.packing = None

    def __deepcopy__(self, memo):
        # Its settings are plain values and its packing is never changed: a copied model's method
        # may share it (the packing, a C++ object, cannot be deep-copied).
        return copy.copy(self)

    def compute_mask(self, t, default_mask):
        kept = t * default_mask
        self.packing = _core.pack(_cpu_float32(kept), alpha=self.alpha, gamma=self.gamma, method=self.method, section=self.section)
        return torch.from_numpy(self.packing.mask).to(device=default_mask.device, dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module, name, alpha=8, gamma=0.5, method="pairwise", section=256, importance_scores=None):
        return super().apply(module, name, alpha=alpha, gamma=gamma, method=method, section=section, importance_scores=importance_scores)


def column_combine(module, name="weight", alpha=8, gamma=0.5, method="pairwise", section=256):
    """Prune ``module.<name>`` by column combining, as ``prune.l1_unstructured`` prunes by size.

    Adds ``<name>_orig`` and ``<name>_mask`` and the forward pre-hook; ``prune.remove(module,
    name)`` makes it permanent. Returns the module.
    """
    ColumnCombine.apply(module, name, alpha=alpha, gamma=gamma, method=method, section=section)
    return module


def mask_calculator(alpha=8, gamma=0.5, method="pairwise", section=256):
    """A callable from a weight tensor to its column-combining mask (bool, same shape and device).

    For NVIDIA ASP: ``ASP.init_model_for_pruning(model, mask_calculator=mask_calculator(8, 0.5))``.
    """

    def calculate(weight):
        packing = _core.pack(_cpu_float32(weight), alpha=alpha, gamma=gamma, method=method, section=section)
        return torch.from_numpy(packing.mask).to(weight.device)

    return calculate


def nm_mask_calculator(n=2, m=4):
    """A callable from a weight tensor to its N:M mask (bool, same shape and device).

    Every M consecutive input channels at one kernel position (and one filter) keep their N
    largest magnitudes, the lower channel on ties: ASP's ``m4n2_1d`` grouping. A channel count
    that is not a multiple of M leaves a short last group, which keeps min(N, its length).
    Every method string colcomb accepts also works in ``mask_calculator(method="nm:2:4")``.
    """
    method = "nm:%d:%d" % (n, m)

    def calculate(weight):
        packing = _core.pack(_cpu_float32(weight), method=method)
        return torch.from_numpy(packing.mask).to(weight.device)

    return calculate


def _current_weight(module):
    """The weight as it is now: under a pruning mask, module.weight is the last forward pass's,
    from before the optimizer's step since."""
    if hasattr(module, "weight_mask"):
        return (module.weight_orig * module.weight_mask).detach()
    return module.weight.detach()


def _packable_layers(model):
    """(name, module) of every convolution and linear layer with a 2-D or 4-D weight, in order."""
    return [(name, m) for name, m in model.named_modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)) and m.weight.dim() in (2, 4)]


class JointSchedule:
    """The released recipe's joint optimization for any model.

    model    the network; its convolutions and linear layers are scheduled, except those in `skip`
             (default: the first convolution and the last linear layer, the classifier, left dense).
    alpha    one multiplexer width, or {layer name: alpha, "*": default}; alpha 1 leaves a layer dense.
    gamma    conflict budget per group as a share of the rows.
    epochs   the length of training: the pruning steps fall in its first `span`.
    l1       the L1 penalty's weight, applied until the last pruning epoch (penalty()).

    At step i of `steps` (epoch floor(span x epochs x i / steps)) a layer of width alpha is pruned
    by magnitude to progress p_i x (1 - 1/alpha), p_i = final x (1 - (1 - i/steps)^3), then
    column-combined; colcomb.joint_step takes the step, as core's joint optimizer does. The values
    a step's conflicts masked compete again at the next step.
    """

    def __init__(self, model, alpha=8, gamma=1.75, epochs=10, l1=1e-7, skip=None, steps=10, final=0.8, span=0.5, method="pairwise", section=256):
        layers = _packable_layers(model)
        if not layers:
            raise ValueError("model: no convolution or linear layer to schedule")
        names = [name for name, _ in layers]
        if skip is None:
            convs = [name for name, m in layers if isinstance(m, torch.nn.Conv2d)]
            linears = [name for name, m in layers if isinstance(m, torch.nn.Linear)]
            skip = convs[:1] + linears[-1:]
        unknown = [name for name in skip if name not in names]
        if unknown:
            raise ValueError("skip: no layer named " + ", ".join(repr(n) for n in unknown) + " (layers: " + ", ".join(names) + ")")
        widths = dict(alpha) if isinstance(alpha, dict) else {"*": alpha}
        unknown = [name for name in widths if name != "*" and name not in names]
        if unknown:
            raise ValueError("alpha: no layer named " + ", ".join(repr(n) for n in unknown) + " (layers: " + ", ".join(names) + ")")
        self.gamma = gamma
        self.l1 = l1
        self.method = method
        self.section = section
        self.layers = [(name, m, widths.get(name, widths.get("*", 8))) for name, m in layers if name not in skip]
        self.steps = _core.prune_schedule(epochs, steps=steps, final=final, span=span)
        self.last_pruning_epoch = self.steps[-1][0]
        self.epoch = -1
        self.set_aside = {}
        self.groups = {}

    def epoch_start(self, epoch):
        """Take the pruning steps that fall on this epoch (0-based), in order."""
        self.epoch = epoch
        for at, progress in self.steps:
            if at == epoch:
                self._step(progress)

    def penalty(self):
        """The L1 term to add to the loss: l1 x sum |w| over the scheduled layers, until the last pruning epoch."""
        if self.l1 == 0 or self.epoch > self.last_pruning_epoch:
            return 0.0
        return self.l1 * sum(m.weight.abs().sum() for _, m, alpha in self.layers if alpha > 1)

    @torch.no_grad()
    def _step(self, progress):
        for name, module, alpha in self.layers:
            if alpha <= 1:
                continue
            weight = _current_weight(module)
            current = _cpu_float32(weight)
            if name in self.set_aside:
                current = current + self.set_aside[name]
            packing = _core.joint_step(current, alpha, progress, gamma=self.gamma, method=self.method, section=self.section)
            self.set_aside[name] = packing.original - packing.pruned
            self.groups[name] = packing.groups
            pruned = torch.from_numpy(packing.pruned).to(device=weight.device, dtype=weight.dtype)
            mask = torch.from_numpy(packing.mask).to(device=weight.device, dtype=weight.dtype)
            if not prune.is_pruned(module) or not hasattr(module, "weight_mask"):
                prune.custom_from_mask(module, "weight", mask)
            module.weight_orig.copy_(pruned)
            module.weight_mask.copy_(mask)

    def masks(self):
        """{layer name: the mask the schedule has fixed} (bool, on the CPU), for the layers stepped so far."""
        return {name: module.weight_mask.detach().cpu().bool() for name, module, _ in self.layers if hasattr(module, "weight_mask")}

    def report(self):
        """Per scheduled layer: what `colcomb pack` gives for its weights now (groups, utilization, tiles)."""
        out = {}
        for name, module, alpha in self.layers:
            packing = _core.pack(_cpu_float32(_current_weight(module)), alpha=alpha, gamma=self.gamma, method=self.method, section=self.section)
            m = packing.metrics
            out[name] = {
                "alpha": alpha,
                "groups": m["group_count"],
                "nonzero_columns": m["cols"] - len(m["empty_columns"]),
                "nnz": m["nnz_after"],
                "utilization_before": m["utilization_before"],
                "utilization_after": m["utilization_after"],
                "tiles_before": m["tiles_before"],
                "tiles_after": m["tiles_after"],
                "trained_groups": self.groups.get(name),
            }
        return out

    def state_dict(self):
        """What a checkpoint needs besides the model: the epoch, the set-aside values and the groups."""
        return {"epoch": self.epoch, "set_aside": {k: torch.from_numpy(v.copy()) for k, v in self.set_aside.items()}, "groups": dict(self.groups)}

    def load_state_dict(self, state):
        """Restores a checkpoint. Call it before the model's own load_state_dict: it gives the
        scheduled layers their weight_orig / weight_mask, which the model's checkpoint holds."""
        self.epoch = state["epoch"]
        self.set_aside = {k: v.detach().cpu().numpy().astype("float32") for k, v in state["set_aside"].items()}
        self.groups = dict(state["groups"])
        for name, module, alpha in self.layers:
            if name in self.groups and not hasattr(module, "weight_mask"):
                prune.custom_from_mask(module, "weight", torch.ones_like(module.weight))


def _pruning_groups(model):
    """{module name: (groups, alpha, gamma, method)} of the layers column_combine pruned."""
    out = {}
    for name, module in model.named_modules():
        for hook in module._forward_pre_hooks.values():
            methods = hook._pruning_methods if isinstance(hook, prune.PruningContainer) else (hook,)
            combines = [m for m in methods if isinstance(m, ColumnCombine) and m.packing is not None]
            if combines:
                last = combines[-1]
                out[name] = (last.packing.groups, last.alpha, last.gamma, last.method)
    return out


def export(model, path, example_input=None, schedule=None):
    """Write a trained model for colcomb and the studio, with the groups it was trained with.

    path           .onnx (needs example_input; batch norm folded into the convolutions, as the
                   array runs it) or .npz (the state dict, every tensor under its name).
    schedule       the JointSchedule that trained it; without one, the groups of the layers that
                   column_combine pruned.
    Beside the file goes PATH.groups.json (colcomb.save_trained_groups), so that `colcomb` and the
    studio open the model packed with those groups. The model itself is not changed: the pruning
    is made permanent on a copy. Returns the groups file's path, or None when no layer has groups.
    """
    import numpy as np

    if schedule is not None:
        trained = {name: (schedule.groups[name], alpha, schedule.gamma, schedule.method) for name, _, alpha in schedule.layers if name in schedule.groups}
    else:
        trained = _pruning_groups(model)
    # A pruned weight is computed from weight_orig and weight_mask: deepcopy refuses such tensors,
    # so they are detached for the copy and put back.
    computed = []
    for module in model.modules():
        for name, _ in list(module.named_parameters(recurse=False)):
            if name.endswith("_orig") and isinstance(module.__dict__.get(name[: -len("_orig")]), torch.Tensor):
                computed.append((module, name[: -len("_orig")], module.__dict__[name[: -len("_orig")]]))
    try:
        for module, name, tensor in computed:
            setattr(module, name, tensor.detach())
        copied = copy.deepcopy(model).cpu().eval()
    finally:
        for module, name, tensor in computed:
            setattr(module, name, tensor)
    for _, module in copied.named_modules():
        for parameter in [n[: -len("_orig")] for n, _ in module.named_parameters(recurse=False) if n.endswith("_orig")]:
            prune.remove(module, parameter)
    path = str(path)
    if path.endswith(".onnx"):
        if example_input is None:
            raise ValueError("export: an ONNX file needs example_input, a batch the model takes")
        torch.onnx.export(copied, example_input.detach().cpu(), path, do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL)
    elif path.endswith(".npz"):
        np.savez(path, **{k: v.detach().numpy() for k, v in copied.state_dict().items()})
    else:
        raise ValueError(f"export: '{path}' must end in .onnx or .npz")
    if not trained:
        return None
    gammas = {g for _, _, g, _ in trained.values()}
    methods = {m for _, _, _, m in trained.values()}
    return _core.save_trained_groups(path, {name: t[0] for name, t in trained.items()}, alpha={name: t[1] for name, t in trained.items()},
                                     gamma=gammas.pop() if len(gammas) == 1 else 0.5, method=methods.pop() if len(methods) == 1 else "pairwise")
