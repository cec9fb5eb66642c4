#!/usr/bin/env python3
"""The experiment behind docs/benchmarks.md's explanation of the 1,000-provider lookup.

Takes the generated __FindProvider of LookupRegistry1000 (one method holding the whole length-then-character decision
tree), writes a file-based C# app with it verbatim ("Original") and the same tree split into one method per name
length ("Split"), and times both on the same 13 names. The JIT compiles the one big method with MinOpts (it exceeds the
JIT's basic-block budget: "Tier-0 switched MinOpts" under DOTNET_JitDisasmSummary=1); each split method is optimised.

Usage, from the repository root:
  dotnet build tests/Benchmarks -c Release -p:EmitCompilerGeneratedFiles=true --no-incremental
  python3 tests/Benchmarks/Experiments/split-find-provider.py /tmp/split.cs && dotnet run -c Release /tmp/split.cs
"""
import re
import sys

GENERATED = ("tests/Benchmarks/obj/Release/net10.0/generated/ModelRegistry.Generator/"
             "ModelRegistry.Generator.RegistryGenerator/Benchmarks.Registry.LookupRegistry1000.g.cs")


def indent_of(line):
    return len(line) - len(line.lstrip())


def main(output):
    src = open(GENERATED, encoding="utf-8").read().split("\n")
    start = next(i for i, line in enumerate(src) if "private static int __FindProvider(" in line)
    indent = indent_of(src[start])
    end = start + 1
    while not (src[end].strip() == "}" and indent_of(src[end]) == indent):
        end += 1
    body = src[start + 2:end]
    original = "\n".join(["static int Original(ReadOnlySpan<char> name)", "{"] + [line[indent:] for line in body] + ["}"])

    case_indent = indent + 8
    cases, current = [], None
    for line in body:
        if indent_of(line) == case_indent and line.strip().startswith("case "):
            current = [line.strip(), []]
            cases.append(current)
        elif current is not None and indent_of(line) > case_indent:
            current[1].append(line)

    dispatch = ["static int Split(ReadOnlySpan<char> name)", "{", "    switch (name.Length)", "    {"]
    methods = []
    for label, lines in cases:
        length = re.match(r"case (\d+):", label).group(1)
        dispatch.append(f"        case {length}: return Length{length}(name);")
        method = [f"static int Length{length}(ReadOnlySpan<char> name)", "{"]
        for line in lines:
            if indent_of(line) == case_indent + 4 and line.strip() == "break;":
                method.append("    return -1;")
            else:
                method.append("    " + line[case_indent + 4:])
        methods.append("\n".join(method + ["}"]))
    dispatch += ["    }", "    return -1;", "}"]

    names = re.findall(r'EqualsIgnoreCase\(name, "([^"]+)"\)', "\n".join(body))
    program = """#:property PublishAot=false
using System.Diagnostics;
string[] all = [%s];
string[] names = Enumerable.Range(0, 12).Select(i => all[i * (all.Length - 1) / 11]).Append("not-declared")
    .Select((n, i) => i %% 2 == 0 ? n.ToUpperInvariant() : new string(n.AsSpan())).ToArray();
foreach (string name in names)
{
    if (Original(name) != Split(name)) throw new InvalidOperationException("The split tree disagrees on " + name);
}
for (int round = 0; round < 4; round++)
{
    Console.WriteLine($"round {round}: original {Measure(n => Original(n)):F2} ns, split {Measure(n => Split(n)):F2} ns per lookup");
}
double Measure(Func<string, int> find)
{
    const int Rounds = 2_000_000;
    long sum = 0;
    for (int i = 0; i < Rounds; i++) foreach (string n in names) sum += find(n); // warm-up: tier-1 and OSR
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < Rounds; i++) foreach (string n in names) sum += find(n);
    watch.Stop();
    GC.KeepAlive(sum);
    return watch.Elapsed.TotalNanoseconds / (Rounds * (double)names.Length);
}
""" % ", ".join('"%s"' % n for n in names)
    program += "\n" + original.replace("global::", "") + "\n" + "\n".join(dispatch) + "\n" + "\n".join(methods) + "\n"
    with open(output, "w", encoding="utf-8", newline="\n") as file:
        file.write(program)
    print(f"{len(names)} names in {len(cases)} length buckets -> {output}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/split.cs")
