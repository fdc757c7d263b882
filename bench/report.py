"""The figures as text for the terminal and as the generated blocks of BENCHMARKS.md.

BENCHMARKS.md mixes generated blocks (between `<!-- bench:NAME begin -->` and
`<!-- bench:NAME end -->`) with text written by hand (the method, why a target is missed,
the choice of build profile); a run replaces only its own block.
"""

import re

TEMPLATE = """# Benchmarks

Rerun with `bench/run` (the figures) and `bench/run --builds` (the build profiles); each
rewrites only its own block below.

## Figures

<!-- bench:figures begin -->
<!-- bench:figures end -->

## Build profiles

<!-- bench:builds begin -->
<!-- bench:builds end -->
"""


def target_text(figure):
    if figure.target is None:
        return "—"
    op, bound = figure.target
    return f"{'≥' if op == '>=' else '≤'} {bound:g}{figure.unit}"


def verdict(figure):
    if figure.holds is None:
        return "(no target)"
    return "holds" if figure.holds else f"MISSED: {figure.shortfall()}"


def value_text(figure):
    return f"{figure.value:.2f}{figure.unit}"


def terminal(figure):
    lines = [f"({figure.key}) {figure.title}",
             f"    {value_text(figure)}   target {target_text(figure)}   {verdict(figure)}"]
    if figure.also is not None:
        lines.append(f"    {'ok' if figure.also[1] else 'NOT MET'}: {figure.also[0]}")
    lines += [f"    {d}" for d in figure.details]
    return "\n".join(lines)


def machine_lines(machine, load_before, load_after):
    memory = f", {machine['memory_gb']} GB RAM" if machine.get("memory_gb") else ""
    return [
        f"- Machine: {machine['cpu']}, {machine['cores']} cores{memory}; {machine['os']}, "
        f"Linux {machine['kernel']}; {machine['rustc']}; Python {machine['python']}",
        f"- Load average (1 min) before and after: {_load(load_before)}, {_load(load_after)} "
        "(other work on the machine makes every figure noisier)",
    ]


def figures_block(figures, date, machine, load_before, load_after, settings, seconds):
    lines = [
        f"Measured {date} by `bench/run` in {seconds / 60:.1f} minutes.",
        "",
        *machine_lines(machine, load_before, load_after),
        f"- {settings.latency_ms} ms added to every request; {settings.rounds} measured runs "
        "per figure after a warm-up; ccx built with the release profile of `Cargo.toml`.",
        "",
        "| figure | measured | target | holds |",
        "|---|---|---|---|",
    ]
    for f in figures:
        holds = "—" if f.holds is None else ("yes" if f.holds else "**no**")
        lines.append(
            f"| ({f.key}) {f.title} | {value_text(f)} | {target_text(f)} | {holds} |"
        )
    lines.append("")
    for f in figures:
        lines.append(f"({f.key}) {f.title}:")
        if f.also is not None:
            lines.append(f"- {'met' if f.also[1] else '**not met**'}: {f.also[0]}")
        if f.shortfall():
            lines.append(f"- {f.shortfall()}")
        lines += [f"- {d}" for d in f.details]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def replace_block(path, name, block):
    """Puts `block` between the markers of `name` in the file at `path` (made from the
    template when missing); the rest of the file is kept as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else TEMPLATE
    begin, end = f"<!-- bench:{name} begin -->", f"<!-- bench:{name} end -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        text = text.rstrip() + f"\n\n{begin}\n{end}\n"
    text = pattern.sub(lambda _: f"{begin}\n{block}{end}", text, count=1)
    path.write_text(text, encoding="utf-8")


def _load(value):
    return "unknown" if value is None else f"{value:.1f}"
