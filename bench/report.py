"""bench/run.py's summary: a markdown table of medians per target and size, with ratios between targets."""
import statistics

METRICS = ["join_seconds", "ack_p50_ms", "ack_p99_ms", "final_tally_seconds", "server_rss_mb", "errors", "timeouts",
           "projector_tally_messages", "participant_tally_messages"]
RATIO_METRICS = ["join_seconds", "ack_p99_ms", "final_tally_seconds"]


def median_of(runs, metric):
    values = [run[metric] for run in runs]
    if any(value is None for value in values):
        return None
    return statistics.median(values)


def format_value(value, metric):
    if value is None:
        return "timed out" if metric in ("ack_p50_ms", "ack_p99_ms", "final_tally_seconds") else "n/a"
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def ratio_pairs(targets):
    """(numerator, denominator) columns: each Klantwijs mode against the floor, two processes against one, and
    synchronous=FULL (klantwijs) against NORMAL (klantwijs-normal)."""
    pairs = [(t, "floor") for t in targets if t.startswith("klantwijs/") and "floor" in targets]
    pairs += [(t, "klantwijs-normal/" + t.split("/")[1]) for t in targets
              if t.startswith("klantwijs/") and "klantwijs-normal/" + t.split("/")[1] in targets]
    pairs += [(t, "nginx1/" + t.split("/")[1]) for t in targets
              if t.startswith("nginx2/") and "nginx1/" + t.split("/")[1] in targets]
    return pairs


def markdown_table(results, targets, sizes):
    """Rows: size and metric; columns: the targets, then the ratios of ratio_pairs for RATIO_METRICS."""
    pairs = ratio_pairs(targets)
    header = ["N", "metric"] + targets + [f"{a} / {b}" for a, b in pairs]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for n in sizes:
        for metric in METRICS:
            medians = {}
            cells = [str(n), metric]
            for target in targets:
                runs = results.get((target, n))
                if not runs:
                    cells.append("skipped" if runs is None else "failed")
                    continue
                medians[target] = median_of(runs, metric)
                cells.append(format_value(medians[target], metric))
            for a, b in pairs:
                ratio = ""
                if metric in RATIO_METRICS and medians.get(a) is not None and medians.get(b):
                    ratio = f"{medians[a] / medians[b]:.2f}x"
                cells.append(ratio)
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
