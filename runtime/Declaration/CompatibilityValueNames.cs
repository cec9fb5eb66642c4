namespace ModelRegistry;

/// <summary>
/// Reads a compatibility value at run time (the built-in table, the <c>ModelRegistry</c> configuration section): the
/// profiles' wire spelling (<c>max_completion_tokens</c>, <c>json_object</c> as the alias of <c>json_mode</c>, langchain-dev-utils'
/// <c>never</c>/<c>current</c>/<c>all</c> as the aliases of <c>discard</c>/<c>temp</c>/<c>retain</c>) or the
/// enum member's name (<c>MaxCompletionTokens</c>), ignoring case. The compiler validates profile files with its own
/// table (compiler/Core/Validation/CompatibilityOptionTable.cs); every wire spelling is the member's name without its
/// underscores, which is what this relies on.
/// </summary>
internal static class CompatibilityValueNames
{
    /// <summary>The member <paramref name="value"/> names, or <see langword="null"/>; numbers are never accepted.</summary>
    public static T? Parse<T>(string value)
        where T : struct, Enum
    {
        string name = value.Replace("_", "", StringComparison.Ordinal);
        if (typeof(T) == typeof(ResponseFormatSupport) && name.Equals("jsonobject", StringComparison.OrdinalIgnoreCase))
        {
            name = nameof(ResponseFormatSupport.JsonMode);
        }

        if (typeof(T) == typeof(ReasoningContentKeepType))
        {
            // langchain-dev-utils 1.4.5's reasoning_keep_policy names: never / current / all.
            name = name.ToLowerInvariant() switch
            {
                "never" => nameof(ReasoningContentKeepType.Discard),
                "current" => nameof(ReasoningContentKeepType.Temp),
                "all" => nameof(ReasoningContentKeepType.Retain),
                _ => name,
            };
        }

        return name.Length > 0 && !char.IsAsciiDigit(name[0]) && Enum.TryParse(name, ignoreCase: true, out T parsed) ? parsed : null;
    }

    /// <summary>The set <paramref name="values"/> name together (an empty list is the empty set), or <see langword="false"/>
    /// with the first value that names no member.</summary>
    public static bool TryParseSet<T>(IEnumerable<string> values, out T set, out string? invalid)
        where T : struct, Enum
    {
        ulong bits = 0;
        foreach (string value in values)
        {
            if (Parse<T>(value) is not { } member)
            {
                set = default;
                invalid = value;
                return false;
            }

            bits |= Convert.ToUInt64(member, System.Globalization.CultureInfo.InvariantCulture);
        }

        set = (T)Enum.ToObject(typeof(T), bits);
        invalid = null;
        return true;
    }
}
