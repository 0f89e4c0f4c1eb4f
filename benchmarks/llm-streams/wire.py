"""What was on the wire for our streams: TTFT, TPOT and ITL of each of our requests from a packet capture of the
loopback interface (run-llm-streams.sh with WIRE=1), to compare with what our client measured for the same run.

usage: wire.py CAPTURE.pcap PORT RESULT_JSON > wire.txt   (prints key=value lines: ttft_p50=... itl_p99=... n=...)

A request's wire times: the packet that carried its request line (client to server, "POST /v1/...", the probe's
"POST /probe/..." excluded) and the packets that carried its tokens (server to client; a token is an OpenAI
chunk with "content":"tok or an Anthropic text_delta). TTFT = first token packet - request packet; ITL = the
gaps between token packets; TPOT = (last - first) / (tokens - 1). Only requests whose request packet lies inside
our measured window (result.json started_at .. finished_at) count, as in our result. Packet times are the
kernel's (tcpdump, nanoseconds), taken as the packet passed the loopback device: the moment the sender's write
reached the kernel. Our times start before our write and end when our selector saw the bytes, so
"ours - wire" is our client's own error (send side plus receive side).
"""
import datetime
import json
import struct
import sys

pcap, port, result_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
TOKEN_MARKERS = (b'"content":"tok', b'"text_delta"')


def epoch(iso):
    # 2026-11-28T11:10:20.641702714Z: Python parses at most microseconds
    head, _, frac = iso.rstrip("Z").partition(".")
    t = datetime.datetime.fromisoformat(head).replace(tzinfo=datetime.timezone.utc).timestamp()
    return t + (float("0." + frac) if frac else 0.0)


def packets(path):
    """(time s, src port, dst port, payload bytes captured) of every TCP packet with a payload"""
    with open(path, "rb") as f:
        head = f.read(24)
        magic = struct.unpack("<I", head[:4])[0]
        if magic == 0xA1B23C4D:
            scale, endian = 1e-9, "<"
        elif magic == 0xA1B2C3D4:
            scale, endian = 1e-6, "<"
        else:
            raise SystemExit("wire.py: %s is not a little-endian pcap file" % path)
        link = struct.unpack(endian + "I", head[20:24])[0]
        skip = {1: 14, 113: 16, 0: 4}.get(link)
        if skip is None:
            raise SystemExit("wire.py: link type %d not handled (capture on lo)" % link)
        while True:
            ph = f.read(16)
            if len(ph) < 16:
                return
            sec, frac, incl, _ = struct.unpack(endian + "IIII", ph)
            data = f.read(incl)
            ip = data[skip:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
                continue
            ihl = (ip[0] & 15) * 4
            total = struct.unpack(">H", ip[2:4])[0]
            tcp = ip[ihl:]
            if len(tcp) < 20:
                continue
            thl = (tcp[12] >> 4) * 4
            if total - ihl - thl <= 0:
                continue
            sport, dport = struct.unpack(">HH", tcp[:4])
            yield sec + frac * scale, sport, dport, tcp[thl:]


def pct(v, q):
    v = sorted(v)
    if not v:
        return float("nan")
    r = max(1, min(len(v), int(-(-q * len(v) // 100))))
    return v[r - 1]


result = json.load(open(result_path))
t_from, t_to = epoch(result["started_at"]), epoch(result["finished_at"])
open_req = {}  # client port -> [request time, [token times]]
done = []
for t, sport, dport, payload in packets(pcap):
    if dport == port:
        if payload.startswith(b"POST "):
            prev = open_req.pop(sport, None)
            if prev is not None:
                done.append(prev)
            if not payload.startswith(b"POST /probe/"):
                open_req[sport] = [t, []]
    elif sport == port and dport in open_req:
        n = sum(payload.count(m) for m in TOKEN_MARKERS)
        open_req[dport][1].extend([t] * n)
done.extend(open_req.values())

ttft, tpot, itl = [], [], []
for t0, toks in done:
    if not (t_from <= t0 <= t_to) or not toks:
        continue
    ttft.append((toks[0] - t0) * 1000)
    if len(toks) > 1:
        tpot.append((toks[-1] - toks[0]) * 1000 / (len(toks) - 1))
        itl.extend((b - a) * 1000 for a, b in zip(toks, toks[1:]))
print("n=%d" % len(ttft))
for name, v in (("ttft", ttft), ("tpot", tpot), ("itl", itl)):
    print("%s_p50=%.3f %s_p99=%.3f" % (name, pct(v, 50), name, pct(v, 99)))
