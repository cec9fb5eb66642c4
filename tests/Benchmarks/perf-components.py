#!/usr/bin/env python3
"""Where a gateway's user-mode CPU goes, by component, from a perf profile with call stacks.

Usage (docs/benchmarks.md, "Where a streamed answer's user-mode time goes"):
  perf record -g -C 1 -F 1999 -o perf.data -- sleep 14      # during one system's saturation phase, pinned to core 1
  perf script -i perf.data -F comm,tid,period,ip,sym,dso > script.txt
  tests/Benchmarks/perf-components.py script.txt 62.3        # the phase's user-mode µs per answer, from the load test

A JIT-compiled gateway must run with DOTNET_PerfMapEnabled=1 (and DOTNET_EnableWriteXorExecute=0) so that perf can name
its methods; a native AOT one is named from the .dbg file beside it (a name such as
System_Net_Http_System_Net_Http_HttpConnection__SendAsync: the patterns below take "." or "_"). Only user-mode samples count (a sample whose leaf frame is in the kernel is the kernel's). Each one is charged
to the first frame, walking from the leaf towards the thread's start, that belongs to a component below: so time in
CoreLib, the allocator or the GC counts for the code that called it, and a component's figure is the cost of its own
work, not of what it awaits. Frames of no component (thread pool dispatch, native runtime) are listed as "other".
"""
import collections
import re
import sys

# First match wins, in this order: the narrow components of the library before the assemblies around them.
COMPONENTS = [
    ("chunk scan (ChatCompletionChunkScanner, ChunkShape, UsageReader)", r"ChatCompletionChunkScanner|ChunkShape|UsageReader"),
    ("request head scan (ChatRequestHeadScanner)", r"ChatRequestHeadScanner"),
    ("request body rewrite (ForwardedChatRequest)", r"ForwardedChatRequest|RequestJsonWriter"),
    ("SSE framing (System.Net.ServerSentEvents)", r"System[._]Net[._]ServerSentEvents"),
    ("event reader and client stream layers", r"ChatCompletionEventReader|StreamEvents|OpenAICompatibleChatClient|GuardedAnswerStream"),
    ("usage accounting", r"UsageAccounting|UsageEstimator|CallPricing|RoutedCallInfo"),
    ("routing (attempt loop, opener, leases)", r"RoutedChatClient|RouteAttempt|StreamOpener|EventStreamOpening|RouteState|RouteLease|RouteBounds|TokenBudget|KeyRotat"),
    ("transport (ProviderTransport)", r"ProviderTransport|ProviderError"),
    ("gateway endpoint, keys, call guard, SSE writer", r"\[ModelRegistry\.Gateway\]|ModelRegistry[._]Gateway[._]"),
    ("HttpClient (System.Net.Http)", r"System[._]Net[._]Http"),
    ("Kestrel and ASP.NET Core", r"Microsoft[._]AspNetCore|Microsoft[._]Extensions"),
    ("sockets (System.Net.Sockets)", r"System[._]Net[._]Sockets"),
]


def samples(path):
    """Each sample's frames, leaf first (perf script's order)."""
    frames = None
    with open(path, errors="replace") as lines:
        for line in lines:
            if line.strip() and not line[0].isspace():
                if frames:
                    yield frames
                frames = []
            elif line.strip() and frames is not None:
                frames.append(line.strip())
    if frames:
        yield frames


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    per_answer = float(sys.argv[2])
    counts = collections.Counter()
    total = 0
    for frames in samples(sys.argv[1]):
        if "[kernel.kallsyms]" in frames[0]:
            continue
        total += 1
        component = next((name for frame in frames for name, pattern in COMPONENTS if re.search(pattern, frame)), None)
        counts[component or "other (thread pool dispatch, native runtime)"] += 1
    if total == 0:
        sys.exit("no user-mode samples in " + sys.argv[1])
    print(f"{total} user-mode samples; µs per answer = share × {per_answer}")
    for name, count in counts.most_common():
        print(f"{100 * count / total:5.1f}%  {per_answer * count / total:5.1f} µs  {name}")


if __name__ == "__main__":
    main()
