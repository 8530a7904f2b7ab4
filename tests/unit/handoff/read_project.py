#!/usr/bin/env python3
"""Reads an editor project with real readers and prints what they saw, as JSON (the Vitest tests compare it).

    read_project.py otio FILE [--root DIR]
        OpenTimelineIO's own JSON reader. Every track, every item's position and length on the timeline
        (frames at the timeline rate), each clip's source range (frames at its own rate), target_url, and
        the timeline markers. Problems: a source range outside its available range, a missing reference,
        an absolute or unresolvable target_url (with --root: relative to the .otio file, must exist).

    read_project.py fcpxml FILE [--root DIR]
        1. OpenTimelineIO's FCP X XML adapter (otio-fcpx-xml-adapter): tracks per lane, items, markers.
           It reads only whole frame rates and floors times to frames, so its numbers may be one frame
           short; the test allows that, and no more.
        2. An exact reading with Python's own XML parser and fractions, independent of the writer: every
           spine item, connected clip (lane, position on the sequence, source start, length), title and
           marker, in sequence frames. Problems: a time that is not a whole frame, a ref to no resource, a
           clip past the end of its asset, a spine whose length is not the sequence's, a media-rep src that
           is not relative or (with --root) does not exist.

Exit status: 0 when read (problems are in the JSON), 2 when a reader rejects the file.
"""
import json
import os
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from fractions import Fraction

try:  # The exact FCPXML reading below needs only Python; OpenTimelineIO is needed for .otio and the adapter.
    import opentimelineio as otio
except ImportError:  # pragma: no cover - reported by the tests (readers.ts)
    otio = None


def num(x):
    """Whole numbers as ints, others rounded (JSON-friendly)."""
    x = float(x)
    return int(round(x)) if abs(x - round(x)) < 1e-6 else round(x, 6)


def plain(value):
    """OTIO's AnyDictionary / AnyVector → dict / list, for JSON."""
    if hasattr(value, "items"):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "AnyVector":
        return [plain(item) for item in value]
    return value


def resolve(url, root):
    """A relative URL or path → a file under root (None when it is absolute or has a scheme)."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme or url.startswith("/"):
        return None
    return os.path.normpath(os.path.join(root, urllib.parse.unquote(parsed.path)))


# ——— OpenTimelineIO JSON ———

def read_otio(path, root):
    timeline = otio.adapters.read_from_file(path, adapter_name="otio_json")
    rate = timeline.global_start_time.rate if timeline.global_start_time else 24.0
    problems = []
    tracks = []
    for track in timeline.tracks:
        items = []
        for child in track:
            placed = child.range_in_parent()
            entry = {
                "type": child.schema_name(),
                "name": child.name,
                "start": num(placed.start_time.rescaled_to(rate).value),
                "duration": num(placed.duration.rescaled_to(rate).value),
            }
            if isinstance(child, otio.schema.Clip):
                source = child.source_range
                ref = child.media_reference
                entry.update(
                    source_start=num(source.start_time.value),
                    source_duration=num(source.duration.value),
                    source_rate=source.start_time.rate,
                )
                if ref.is_missing_reference or not isinstance(ref, otio.schema.ExternalReference):
                    problems.append(f"{track.name}/{child.name}: no media reference")
                else:
                    entry["target_url"] = ref.target_url
                    available = child.available_range()
                    if not (
                        available.start_time <= source.start_time
                        and source.end_time_exclusive() <= available.end_time_exclusive()
                    ):
                        problems.append(
                            f"{track.name}/{child.name}: source range {source} is outside the media's {available}"
                        )
                    if root is not None:
                        target = resolve(ref.target_url, root)
                        if target is None:
                            problems.append(f"{track.name}/{child.name}: target_url {ref.target_url} is not relative")
                        elif not os.path.isfile(target):
                            problems.append(f"{track.name}/{child.name}: {ref.target_url} does not exist beside the .otio")
            items.append(entry)
        tracks.append({"name": track.name, "kind": track.kind, "items": items})
    markers = [
        {
            "name": m.name,
            "comment": m.comment,
            "start": num(m.marked_range.start_time.rescaled_to(rate).value),
            "duration": num(m.marked_range.duration.rescaled_to(rate).value),
            "metadata": plain(m.metadata),
        }
        for m in timeline.tracks.markers
    ]
    # OTIO's own writer must reproduce the file byte for byte: same schemas, keys, order and numbers.
    with open(path, encoding="utf-8") as f:
        original = f.read()
    rewritten = otio.adapters.write_to_string(timeline, "otio_json") + "\n"
    return {
        "name": timeline.name,
        "rate": rate,
        "duration": num(timeline.duration().rescaled_to(rate).value),
        "tracks": tracks,
        "markers": markers,
        "canonical": original == rewritten,
        "problems": problems,
    }


# ——— FCPXML ———

def fcpx_adapter(path):
    collection = otio.adapters.read_from_file(path, adapter_name="fcpx_xml")
    if isinstance(collection, otio.schema.Timeline):
        timelines = [collection]
    else:
        timelines = [item for item in collection if isinstance(item, otio.schema.Timeline)]
    if len(timelines) != 1:
        raise ValueError(f"expected one project, the adapter found {len(timelines)}")
    timeline = timelines[0]
    tracks = []
    for track in timeline.tracks:
        items = []
        for child in track:
            placed = child.range_in_parent()
            entry = {
                "type": child.schema_name(),
                "name": child.name,
                # Seconds: the adapter keeps each clip at its own (whole) rate.
                "start_s": num(placed.start_time.to_seconds()),
                "duration_s": num(placed.duration.to_seconds()),
            }
            if isinstance(child, otio.schema.Clip):
                entry["markers"] = [
                    {"name": m.name, "start_s": num(m.marked_range.start_time.to_seconds())} for m in child.markers
                ]
            items.append(entry)
        tracks.append({"lane": track.name, "kind": track.kind, "items": items})
    tracks.sort(key=lambda t: int(t["lane"]))
    return {"name": timeline.name, "duration_s": num(timeline.duration().to_seconds()), "tracks": tracks}


def t(value):
    """FCPXML time ('0s', '5s', '1001/30000s') → Fraction of seconds."""
    if value is None:
        return Fraction(0)
    if not value.endswith("s"):
        raise ValueError(f"time {value!r} has no 's'")
    return Fraction(value[:-1])


def fcpx_exact(path, root):
    tree = ET.parse(path)
    doc = tree.getroot()
    problems = []
    if doc.tag != "fcpxml":
        raise ValueError("the root element is not <fcpxml>")
    resources = {r.get("id"): r for r in doc.find("resources")}
    sequences = doc.findall("./library/event/project/sequence")
    if len(sequences) != 1:
        raise ValueError(f"expected one library/event/project/sequence, found {len(sequences)}")
    sequence = sequences[0]
    fmt = resources[sequence.get("format")]
    frame = t(fmt.get("frameDuration"))

    def frames(seconds, what):
        count = seconds / frame
        if count.denominator != 1:
            problems.append(f"{what}: {seconds} s is not a whole frame of {frame} s")
        return num(count)

    assets = {}
    for rid, r in resources.items():
        if r.tag == "asset":
            reps = r.findall("media-rep")
            src = reps[0].get("src") if reps else None
            assets[rid] = {"src": src, "duration": t(r.get("duration")), "start": t(r.get("start"))}
            if src is None:
                problems.append(f"asset {rid}: no media-rep src")
            elif root is not None:
                target = resolve(src, root)
                if target is None:
                    problems.append(f"asset {rid}: src {src} is not relative")
                elif not os.path.isfile(target):
                    problems.append(f"asset {rid}: {src} does not exist beside the .fcpxml")

    def check_ref(el, what):
        ref = el.get("ref")
        if ref not in resources:
            problems.append(f"{what}: ref {ref} names no resource")
            return None
        return resources[ref]

    spine = []
    connected = []
    titles = []
    markers = []
    at = Fraction(0)
    for el in sequence.find("spine"):
        offset, duration, start = t(el.get("offset")), t(el.get("duration")), t(el.get("start"))
        what = f"spine {el.tag} {el.get('name')!r}"
        if offset != at:
            problems.append(f"{what}: offset {offset} s, but the previous item ends at {at} s")
        at = offset + duration
        item = {"tag": el.tag, "name": el.get("name"), "offset": frames(offset, what), "duration": frames(duration, what)}
        if el.tag == "asset-clip":
            res = check_ref(el, what)
            if res is not None and res.get("id") in assets:
                a = assets[res.get("id")]
                item["src"] = a["src"]
                item["source_start_s"] = num(start)
                if start + duration > a["start"] + a["duration"]:
                    problems.append(f"{what}: runs past the end of its media ({start + duration} > {a['duration']} s)")
        spine.append(item)
        for child in el:
            # A child's time is in its parent's local time: parent start + (sequence time - parent offset).
            def seq(time_value):
                return offset + (t(time_value) - start)

            cwhat = f"{child.tag} {child.get('name') or child.get('value')!r} in {what}"
            if child.tag == "asset-clip":
                res = check_ref(child, cwhat)
                a = assets.get(res.get("id")) if res is not None else None
                cstart, cdur = t(child.get("start")), t(child.get("duration"))
                vol = child.find("adjust-volume")
                connected.append(
                    {
                        "lane": int(child.get("lane")),
                        "name": child.get("name"),
                        "role": child.get("audioRole"),
                        "src": a["src"] if a else None,
                        "start": frames(seq(child.get("offset")), cwhat),
                        "duration": frames(cdur, cwhat),
                        "source_start": frames(cstart, cwhat),
                        "volume": vol.get("amount") if vol is not None else None,
                    }
                )
                if a and cstart + cdur > a["start"] + a["duration"]:
                    problems.append(f"{cwhat}: runs past the end of its media")
            elif child.tag == "title":
                check_ref(child, cwhat)
                text = "".join(child.find("text").itertext()) if child.find("text") is not None else ""
                titles.append(
                    {
                        "lane": int(child.get("lane")),
                        "text": text,
                        "start": frames(seq(child.get("offset")), cwhat),
                        "duration": frames(t(child.get("duration")), cwhat),
                    }
                )
            elif child.tag == "marker":
                markers.append({"value": child.get("value"), "start": frames(seq(child.get("start")), cwhat)})
    total = t(sequence.get("duration"))
    if total != at:
        problems.append(f"sequence duration {total} s, but the spine lasts {at} s")
    return {
        "version": doc.get("version"),
        "frame_duration": str(frame),
        "width": int(fmt.get("width")),
        "height": int(fmt.get("height")),
        "duration": frames(total, "sequence"),
        "spine": spine,
        "connected": connected,
        "titles": titles,
        "markers": markers,
        "problems": problems,
    }


def main(argv):
    if len(argv) < 3 or argv[1] not in ("otio", "fcpxml"):
        print(__doc__, file=sys.stderr)
        return 64
    kind, path = argv[1], argv[2]
    root = None
    if "--root" in argv:
        root = argv[argv.index("--root") + 1]
    try:
        if kind == "otio":
            if otio is None:
                raise RuntimeError("opentimelineio is not installed")
            result = read_otio(path, root)
        else:
            exact = fcpx_exact(path, root)
            result = {"adapter": fcpx_adapter(path) if otio else None, "exact": exact}
    except Exception as error:  # any reader's refusal: report it and fail
        print(f"{kind} reader rejected {path}: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
