using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelRegistry.Compiler;

/// <summary>
/// How provider names and model ids become C# identifiers (<c>Models.Vllm.Qwen3_4B</c>). The emitter uses the result
/// as given; the analyzers report every identifier that had to be dropped.
/// </summary>
/// <remarks>
/// The rule, applied to the id as written:
/// <list type="number">
/// <item>Split it into runs of ASCII letters and digits; every other character is a boundary. No run: no identifier.</item>
/// <item>In each run, upper-case the first character and every letter that directly follows a digit; keep the rest as written
/// (<c>qwen3</c> → <c>Qwen3</c>, <c>4b</c> → <c>4B</c>, <c>GPT</c> → <c>GPT</c>).</item>
/// <item>Concatenate the runs, with <c>_</c> between two runs only where a digit would otherwise touch a digit, so that numbers
/// stay apart (<c>qwen3-4b</c> → <c>Qwen3_4B</c>, <c>llama3.1:8b</c> → <c>Llama3_1_8B</c>, <c>gpt-4o-mini</c> → <c>Gpt4OMini</c>).</item>
/// <item>Prefix <c>_</c> when the result starts with a digit (<c>4o</c> → <c>_4O</c>); escape a C# keyword with <c>@</c>.</item>
/// </list>
/// Two ids of one scope that map to the same identifier (<c>qwen3-4b</c>, <c>qwen3_4b</c>) both lose it — never a silent
/// suffix — as does an identifier equal to its enclosing class or to a generated member of that class
/// (<see cref="RegistryMembers"/>, <see cref="ProviderClassMembers"/>). Such ids still load by string.
/// </remarks>
internal static class IdentifierNaming
{
    /// <summary>Members the emitter generates on the registry class: no provider class may take these names. (The one
    /// list: the builder reports a provider that would take one, and the emitter leaves that provider's class out.)</summary>
    public static readonly IReadOnlyCollection<string> RegistryMembers = new HashSet<string>(System.StringComparer.Ordinal)
    {
        "LoadChatModel", "LoadEmbeddingModel", "TryGetProvider", "TryGetProfile", "Providers", "Registry",
    };

    /// <summary>Members the emitter generates on a provider's nested class: no model property may take these names (the one list,
    /// as above).</summary>
    public static readonly IReadOnlyCollection<string> ProviderClassMembers = new HashSet<string>(System.StringComparer.Ordinal)
    {
        "LoadChatModel", "LoadEmbeddingModel", "Info",
    };

    /// <summary>The identifier for <paramref name="id"/>, or an empty string when it has no ASCII letter or digit.</summary>
    public static string FromId(string id)
    {
        var builder = new StringBuilder(id.Length + 2);
        int position = 0;
        while (position < id.Length)
        {
            if (!IsAlphanumeric(id[position]))
            {
                position++;
                continue;
            }

            int start = position;
            while (position < id.Length && IsAlphanumeric(id[position]))
            {
                position++;
            }

            if (builder.Length > 0 && IsDigit(builder[builder.Length - 1]) && IsDigit(id[start]))
            {
                builder.Append('_');
            }

            for (int i = start; i < position; i++)
            {
                char c = id[i];
                bool capitalize = i == start || IsDigit(id[i - 1]);
                builder.Append(capitalize && c >= 'a' && c <= 'z' ? (char)(c - ('a' - 'A')) : c);
            }
        }

        if (builder.Length == 0)
        {
            return string.Empty;
        }

        if (IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        string identifier = builder.ToString();
        return SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;
    }

    /// <summary>The identifier without a keyword-escaping <c>@</c> (what collides in C#).</summary>
    public static string Bare(string identifier) => identifier.Length > 0 && identifier[0] == '@' ? identifier.Substring(1) : identifier;

    private static bool IsAlphanumeric(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c);

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
