using System;
using System.Collections.Generic;

namespace ModelRegistry.Compiler;

/// <summary>How a compatibility option's value is written and emitted.</summary>
internal enum CompatibilityValueKind
{
    /// <summary>A set of values (an array in C# and JSON); a <c>[Flags]</c> enum at run time.</summary>
    Set,

    /// <summary>One of <see cref="CompatibilityOption.Values"/>; an enum at run time.</summary>
    Choice,

    /// <summary><see langword="true"/> or <see langword="false"/>.</summary>
    Boolean,

    /// <summary>A reasoning tag name (<see cref="CompatibilityValues.IsValidReasoningTag"/>); a string at run time.</summary>
    Tag,
}

/// <summary>
/// One row of <see cref="CompatibilityOptionTable"/>: everything the compiler knows about one compatibility option.
/// </summary>
internal sealed class CompatibilityOption
{
    private readonly Func<CompatibilitySpec, object?> _get;
    private readonly Func<CompatibilitySpec, object, CompatibilitySpec> _set;

    public CompatibilityOption(
        string propertyName,
        string jsonKey,
        CompatibilityValueKind kind,
        string runtimeType,
        IReadOnlyList<(string Value, string Member)> values,
        object @default,
        Func<CompatibilitySpec, object?> get,
        Func<CompatibilitySpec, object, CompatibilitySpec> set,
        IReadOnlyDictionary<string, string>? aliases = null)
    {
        PropertyName = propertyName;
        JsonKey = jsonKey;
        Kind = kind;
        RuntimeType = runtimeType;
        Members = values;
        Default = @default;
        _get = get;
        _set = set;
        Aliases = aliases ?? new Dictionary<string, string>();
        var valid = new string[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            valid[i] = values[i].Value;
        }

        Values = valid;
    }

    /// <summary>The <c>[ModelProvider]</c> named argument and the <c>ModelRegistry.CompatibilityOptions</c> property.</summary>
    public string PropertyName { get; }

    /// <summary>The snake_case key in <c>compatibility_options</c> (and flat in a <c>providers</c> entry).</summary>
    public string JsonKey { get; }

    public CompatibilityValueKind Kind { get; }

    /// <summary>The run-time type of <see cref="PropertyName"/> in namespace <c>ModelRegistry</c> (<c>ToolChoiceSupport</c>, <c>bool</c>, ...).</summary>
    public string RuntimeType { get; }

    /// <summary>Each valid value in its canonical wire spelling, with the member of <see cref="RuntimeType"/> it is emitted as.</summary>
    public IReadOnlyList<(string Value, string Member)> Members { get; }

    /// <summary>The valid values, canonical spelling (what messages list).</summary>
    public string[] Values { get; }

    /// <summary>Other accepted spellings and the canonical value each means (<c>json_object</c> → <c>json_mode</c>).</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>The library default, in the spec's representation: never written into generated code.</summary>
    public object Default { get; }

    /// <summary>The option's value in <paramref name="spec"/>, or <see langword="null"/> when this layer leaves it unset.</summary>
    public object? Get(CompatibilitySpec spec) => _get(spec);

    /// <summary><paramref name="spec"/> with this option set to <paramref name="value"/>.</summary>
    public CompatibilitySpec Set(CompatibilitySpec spec, object value) => _set(spec, value);

    /// <summary><paramref name="value"/> in its canonical spelling, or <see langword="null"/> when it is not valid.</summary>
    public string? Normalize(string value) =>
        Aliases.TryGetValue(value, out string? canonical) ? canonical
        : Array.IndexOf(Values, value) >= 0 ? value
        : null;

    /// <summary>Every spelling a did-you-mean may suggest (values and aliases).</summary>
    public IEnumerable<string> Spellings
    {
        get
        {
            foreach (string value in Values)
            {
                yield return value;
            }

            foreach (string alias in Aliases.Keys)
            {
                yield return alias;
            }
        }
    }

    /// <summary>What a valid value looks like, as MR0002 says it.</summary>
    public string DescribeValid() => Kind == CompatibilityValueKind.Tag
        ? "a tag name of letters, digits, '-', '_' or '.' without angle brackets, for example think"
        : CompatibilityValues.Describe(Values);

    /// <summary>The run-time member a canonical value is emitted as, or <see langword="null"/>.</summary>
    public string? MemberOf(string value)
    {
        foreach ((string candidate, string member) in Members)
        {
            if (candidate == value)
            {
                return member;
            }
        }

        return null;
    }
}
