"""The Python prototype's conversions, with audioop, for bench/voice-transcoding.ts.

usage: voice-audioop.py FIXTURES_DIR convert
         prints {"python": version, "pcm16k": base64, "mulaw8k": base64}: the speech clip converted
         frame by frame in each direction, for comparing with sox
       voice-audioop.py FIXTURES_DIR time inbound|outbound FRAMES
         prints {"microsecondsPerFrame": n}: one timed round of FRAMES 20 ms frames after a warm-up pass
Without audioop (gone from Python 3.13) it prints {"unavailable": why} instead.
"""
import base64
import json
import os
import sys
import time
import warnings

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop
except ImportError as error:
    print(json.dumps({"unavailable": f"Python {sys.version.split()[0]} has no audioop ({error})"}))
    sys.exit(0)


def inbound(frames):
    """ulaw2lin then ratecv, 8 -> 16 kHz: linear interpolation, its state carried between frames."""
    state = None
    out = []
    for frame in frames:
        pcm8k = audioop.ulaw2lin(frame, 2)
        pcm16k, state = audioop.ratecv(pcm8k, 2, 1, 8000, 16000, state)
        out.append(pcm16k)
    return b"".join(out)


def outbound(frames):
    """ratecv, 24 -> 8 kHz with no anti-alias filter, then lin2ulaw."""
    state = None
    out = []
    for frame in frames:
        pcm8k, state = audioop.ratecv(frame, 2, 1, 24000, 8000, state)
        out.append(audioop.lin2ulaw(pcm8k, 2))
    return b"".join(out)


def frames_of(name, size):
    with open(os.path.join(sys.argv[1], name), "rb") as f:
        data = f.read()
    return [data[i:i + size] for i in range(0, len(data), size)]


mulaw_frames = frames_of("speech-8k.ulaw", 160)
pcm_frames = frames_of("speech-24k.s16le", 960)

if sys.argv[2] == "convert":
    print(json.dumps({
        "python": sys.version.split()[0],
        "pcm16k": base64.b64encode(inbound(mulaw_frames)).decode(),
        "mulaw8k": base64.b64encode(outbound(pcm_frames)).decode(),
    }))
else:
    convert, frames = (inbound, mulaw_frames) if sys.argv[3] == "inbound" else (outbound, pcm_frames)
    passes = -(-int(sys.argv[4]) // len(frames))
    convert(frames)
    started = time.perf_counter()
    for _ in range(passes):
        convert(frames)
    print(json.dumps({"microsecondsPerFrame": (time.perf_counter() - started) * 1e6 / (passes * len(frames))}))
