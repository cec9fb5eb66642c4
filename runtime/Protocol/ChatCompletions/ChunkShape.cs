using System.Buffers;
using System.Text;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// The shape of a stream's last plain text chunk, so that the chunks after it are read by comparing bytes instead of
/// tokenizing them (<see cref="ChatCompletionChunkScanner"/>). A provider streams one token per chunk in the same frame —
/// the same id, model and fields, only the delta's <c>content</c> string (and, at OpenAI, the trailing
/// <c>obfuscation</c> string) differing — so a chunk whose bytes equal the learned chunk's up to its content string, and
/// again from the end of that string (its trailing string aside), has the same structure and needs the same edits: the
/// full scan would find nothing else. A chunk that differs anywhere else (a finish reason, usage, tool calls,
/// reasoning, an escaped or invalid character) is scanned in full, as every chunk was before.
/// </summary>
/// <remarks>Only a chunk whose whole answer is its text is learned: the delta's <c>content</c> an unescaped string of
/// the first choice, <c>model</c> before it, no finish reason, usage, tool call or reasoning text, and every edit the
/// scan made (a <c>"usage": null</c> taken out) after the text.</remarks>
internal sealed class ChunkShape
{
    /// <summary>What ends a string read without a tokenizer: its closing quote, or a byte that only a full scan may judge
    /// (an escape, or a control character, which JSON does not allow in a string).</summary>
    private static readonly SearchValues<byte> StringStops = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    private byte[] _bytes = [];
    private int _prefixLength;
    private int _suffixLength;
    private int _closeLength;
    private bool _hasTail;
    private int _modelStart;
    private int _modelLength;
    private (int Start, int End) _cut;

    private ReadOnlySpan<byte> Prefix => _bytes.AsSpan(0, _prefixLength);

    private ReadOnlySpan<byte> Suffix => _bytes.AsSpan(_prefixLength, _suffixLength);

    private ReadOnlySpan<byte> Close => _bytes.AsSpan(_prefixLength + _suffixLength, _closeLength);

    /// <summary>Learns the shape of a chunk the full scan read.</summary>
    /// <param name="json">The chunk.</param>
    /// <param name="textStart">Where the content string starts (its opening quote).</param>
    /// <param name="textEnd">Where it ends (after its closing quote).</param>
    /// <param name="tailStart">Where the last property's string value starts (its opening quote), when that property is
    /// one the scan does not read and nothing follows it but the object's end; else -1.</param>
    /// <param name="modelStart">Where the <c>model</c> value starts (before <paramref name="textStart"/>).</param>
    /// <param name="modelLength">Its length.</param>
    /// <param name="cut">The one edit of the chunk, between the text and the tail (zero length: none).</param>
    public void Learn(ReadOnlySpan<byte> json, int textStart, int textEnd, int tailStart, int modelStart, int modelLength, (int Start, int End) cut)
    {
        int prefixLength = textStart + 1;
        int suffixStart = textEnd - 1;
        int suffixEnd = tailStart < 0 ? json.Length : tailStart + 1;
        int closeStart = tailStart < 0 ? json.Length : suffixEnd + json[suffixEnd..].IndexOf((byte)'"');
        int length = prefixLength + (suffixEnd - suffixStart) + (json.Length - closeStart);
        if (_bytes.Length < length)
        {
            // A stream's frame hardly changes: a shape learned again nearly always fits the array of the one before.
            _bytes = new byte[length];
        }

        json[..prefixLength].CopyTo(_bytes);
        json[suffixStart..suffixEnd].CopyTo(_bytes.AsSpan(prefixLength));
        json[closeStart..].CopyTo(_bytes.AsSpan(prefixLength + suffixEnd - suffixStart));
        _prefixLength = prefixLength;
        _suffixLength = suffixEnd - suffixStart;
        _closeLength = json.Length - closeStart;
        _hasTail = tailStart >= 0;
        _modelStart = modelStart;
        _modelLength = modelLength;
        _cut = cut.End > cut.Start ? (cut.Start - suffixStart, cut.End - suffixStart) : default;
    }

    /// <summary>Reads a chunk of the learned shape: its event, its bytes copied (with the learned edit) as the full scan
    /// copies them; <see langword="false"/> when the chunk is of another shape.</summary>
    public bool TryRead(ReadOnlySpan<byte> json, ChunkBytes? into, out ChatCompletionEvent chunk)
    {
        chunk = default;
        if (_prefixLength == 0 || !json.StartsWith(Prefix))
        {
            return false;
        }

        int textLength = json[_prefixLength..].IndexOfAny(StringStops);
        int suffixStart = _prefixLength + textLength;
        if (textLength < 0 || json[suffixStart] != (byte)'"' || !json[suffixStart..].StartsWith(Suffix))
        {
            return false;
        }

        ReadOnlySpan<byte> rest = json[(suffixStart + _suffixLength)..];
        if (_hasTail)
        {
            int tailLength = rest.IndexOfAny(StringStops);
            if (tailLength < 0 || rest[tailLength] != (byte)'"' || !rest[tailLength..].SequenceEqual(Close))
            {
                return false;
            }
        }
        else if (!rest.IsEmpty)
        {
            return false;
        }

        int characters = Encoding.UTF8.GetCharCount(json.Slice(_prefixLength, textLength));
        int cutStart = suffixStart + _cut.Start, cutEnd = suffixStart + _cut.End;
        int length = json.Length - (cutEnd - cutStart);
        Memory<byte> copy = into?.Take(length) ?? new byte[length];
        Span<byte> written = copy.Span;
        json[..cutStart].CopyTo(written);
        json[cutEnd..].CopyTo(written[cutStart..]);
        chunk = new ChatCompletionEvent(copy, _modelStart, _modelLength, characters > 0, characters);
        return true;
    }
}
