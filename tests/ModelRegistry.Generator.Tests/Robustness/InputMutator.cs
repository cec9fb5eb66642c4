using System.Text;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Robustness;

/// <summary>Deterministic random edits of text: the fuzzing half of the robustness tests.</summary>
internal sealed class InputMutator
{
    private static readonly string[] Fragments =
    {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "null", "true", "false", "-", "0", "-0.5", "1e999", "99999999999999999999",
        "\"provider\"", "\"models\"", "\"providers\"", "\"routes\"", "\"aliases\"", "\"compatibility_options\"", "\"pricing\"",
        "\"supported_tool_choice\"", "[\"auto\"]", "\"${KEY}\"", "\"${\"", "\"a:b\"", "\"\"", "\u0000", "\u2028", "\uFEFF", "𝄞", "\t", "\n",
        "\"name\"", "\"base_url\"", "\"http://x\"", "\"headers\"", "[\"Authorization: k\"]", "\"input_modalities\"", "{\"\":{}}", "[[[[",
    };

    private readonly Random _random;

    public InputMutator(int seed) => _random = new Random(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>One to four random edits of <paramref name="text"/>.</summary>
    public string Mutate(string text, IReadOnlyList<string>? extraFragments = null)
    {
        var builder = new StringBuilder(text);
        int edits = 1 + _random.Next(4);
        for (int i = 0; i < edits; i++)
        {
            int position = builder.Length == 0 ? 0 : _random.Next(builder.Length + 1);
            switch (_random.Next(6))
            {
                case 0 when builder.Length > 0:
                    int length = Math.Min(builder.Length - Math.Min(position, builder.Length - 1), 1 + _random.Next(8));
                    builder.Remove(Math.Min(position, builder.Length - 1), length);
                    break;
                case 1:
                    builder.Insert(position, extraFragments is not null && _random.Next(2) == 0 ? Pick(extraFragments) : Pick(Fragments));
                    break;
                case 2 when builder.Length > 1:
                    int start = _random.Next(builder.Length - 1);
                    int count = Math.Min(builder.Length - start, 1 + _random.Next(40));
                    builder.Insert(position, builder.ToString(start, count));
                    break;
                case 3 when builder.Length > 1:
                    int a = _random.Next(builder.Length), b = _random.Next(builder.Length);
                    (builder[a], builder[b]) = (builder[b], builder[a]);
                    break;
                case 4 when builder.Length > 0:
                    builder.Length = _random.Next(builder.Length);
                    break;
                default:
                    builder.Insert(position, (char)_random.Next(0x20, 0x7F));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Text of random JSON-ish characters.</summary>
    public string RandomText(int maxLength)
    {
        const string alphabet = "{}[],:\"\\ 0123456789.-+eEtrufalsnpovidmoe_$";
        var builder = new StringBuilder();
        int length = _random.Next(maxLength);
        for (int i = 0; i < length; i++)
        {
            builder.Append(_random.Next(8) == 0 ? Pick(Fragments) : alphabet[_random.Next(alphabet.Length)].ToString());
        }

        return builder.ToString();
    }
}
