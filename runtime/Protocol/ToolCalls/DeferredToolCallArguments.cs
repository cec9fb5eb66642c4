using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace ModelRegistry.Protocol;

/// <summary>
/// A tool call's arguments as the <see cref="IDictionary{TKey, TValue}"/> <see cref="Microsoft.Extensions.AI.FunctionCallContent.Arguments"/>
/// holds: names to <see cref="JsonElement"/> values, what M.E.AI's own clients produce and what
/// <see cref="Microsoft.Extensions.AI.AIFunction"/> binds. The JSON text is checked when the call is read (so a malformed
/// one still becomes <see cref="Microsoft.Extensions.AI.FunctionCallContent.Exception"/> at once), but the dictionary
/// and its elements are built on first use: a caller that only routes or logs the call, or reads the answer's text,
/// never pays for a document per call. From then on it is an ordinary, writable dictionary.
/// </summary>
internal sealed class DeferredToolCallArguments : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>
{
    private const int StackLimit = 256;
    private readonly string _json;
    private Dictionary<string, object?>? _parsed;

    private DeferredToolCallArguments(string json)
    {
        _json = json;
    }

    private Dictionary<string, object?> Parsed
    {
        get
        {
            Dictionary<string, object?>? parsed = Volatile.Read(ref _parsed);
            if (parsed is null)
            {
                // Two threads may both parse the first time; both results are equal and one is kept.
                Interlocked.CompareExchange(ref _parsed, Parse(_json), null);
                parsed = _parsed!;
            }

            return parsed;
        }
    }

    /// <summary>Checks that <paramref name="json"/> is one JSON object and defers building its dictionary; an empty or
    /// blank text is no arguments. Throws <see cref="JsonException"/> for anything else.</summary>
    public static IDictionary<string, object?> Create(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, object?>();
        }

        WithUtf8(json, static utf8 =>
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("Tool-call arguments are not a JSON object.");
            }

            reader.Skip();
            if (reader.Read())
            {
                throw new JsonException("Tool-call arguments have more than one JSON value.");
            }

            return 0;
        });
        return new DeferredToolCallArguments(json);
    }

    /// <summary>The dictionary of a JSON object: one document for the whole object, every value an element of it (one
    /// copy of the text, not one small document per value). Nothing is pooled, so the values stay valid for as long as
    /// the dictionary lives.</summary>
    public static Dictionary<string, object?> Parse(string json) => WithUtf8(json, static utf8 =>
    {
        var reader = new Utf8JsonReader(utf8);
        JsonElement root = JsonElement.ParseValue(ref reader);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Tool-call arguments are not a JSON object.");
        }

        var parsed = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            parsed[property.Name] = property.Value;
        }

        return parsed;
    });

    private static T WithUtf8<T>(string text, Utf8Reader<T> read)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = maxBytes > StackLimit ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[StackLimit];
            int length = Encoding.UTF8.GetBytes(text, utf8);
            return read(utf8[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private delegate T Utf8Reader<T>(ReadOnlySpan<byte> utf8);

    public object? this[string key]
    {
        get => Parsed[key];
        set => Parsed[key] = value;
    }

    public ICollection<string> Keys => Parsed.Keys;

    public ICollection<object?> Values => Parsed.Values;

    IEnumerable<string> IReadOnlyDictionary<string, object?>.Keys => Parsed.Keys;

    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Parsed.Values;

    public int Count => Parsed.Count;

    public bool IsReadOnly => false;

    public void Add(string key, object? value) => Parsed.Add(key, value);

    public void Add(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)Parsed).Add(item);

    public void Clear() => Parsed.Clear();

    public bool Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)Parsed).Contains(item);

    public bool ContainsKey(string key) => Parsed.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object?>>)Parsed).CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Parsed.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Remove(string key) => Parsed.Remove(key);

    public bool Remove(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)Parsed).Remove(item);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => Parsed.TryGetValue(key, out value);
}
