using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry;

/// <summary>
/// The answer to a forwarded non-streamed call (<see cref="IChatForwardingClient.ForwardAsync"/>): the upstream's
/// <c>chat.completion</c> bytes with where to rewrite them (<see cref="Head"/>), or — when those bytes are not to be
/// forwarded as they are (<see cref="ChatCompletionAnswerScanner"/>) — the answer parsed as
/// <see cref="IChatClient.GetResponseAsync"/> reads it (<see cref="Parsed"/>). Either way its usage is completed and
/// priced by usage accounting on the way up. <see cref="Release"/> gives the body's buffer back once it was written.
/// </summary>
internal sealed class ForwardedAnswer
{
    private readonly PooledBufferWriter? _body;
    private AdditionalPropertiesDictionary? _properties;

    public ForwardedAnswer(PooledBufferWriter body, AnswerHead head)
    {
        _body = body;
        Head = head;
        Usage = head.Usage;
    }

    public ForwardedAnswer(ChatResponse parsed)
    {
        Parsed = parsed;
        Usage = parsed.Usage;
    }

    /// <summary>The upstream's answer bytes (empty for a parsed answer).</summary>
    public ReadOnlySpan<byte> Body => _body is null ? default : _body.WrittenSpan;

    /// <summary>Where the bytes are rewritten, for a forwarded answer.</summary>
    public AnswerHead? Head { get; }

    /// <summary>The parsed answer, when the bytes are not forwarded.</summary>
    public ChatResponse? Parsed { get; }

    /// <summary>The usage, completed by accounting (on a parsed answer, also its <see cref="ChatResponse.Usage"/>).</summary>
    public UsageDetails? Usage { get; set; }

    /// <summary>What accounting wrote about the call (<see cref="RoutedCallInfo"/>); a parsed answer's own properties.</summary>
    public AdditionalPropertiesDictionary? Properties
    {
        get => Parsed is null ? _properties : Parsed.AdditionalProperties;
        set
        {
            if (Parsed is null)
            {
                _properties = value;
            }
            else
            {
                Parsed.AdditionalProperties = value;
            }
        }
    }

    /// <summary>Writes the forwarded answer: the upstream's bytes with <c>model</c> set to <paramref name="model"/> (a JSON
    /// string, quotes included), <c>usage</c> replaced by the accounted one as <see cref="UsageWriter"/> writes it, a
    /// <c>reasoning</c> field named <c>reasoning_content</c>, and empty content beside tool calls sent as <c>null</c>.</summary>
    public void WriteTo(System.Buffers.IBufferWriter<byte> output, ReadOnlySpan<byte> model, JsonWriterOptions options)
    {
        AnswerHead head = Head ?? throw new InvalidOperationException("A parsed answer is written by ChatCompletionWriter.");
        ReadOnlySpan<byte> body = Body;
        Span<(Range At, int Kind)> edits = [(head.Model, 0), (head.UsageField, 1), (head.ReasoningName, 2), (head.EmptyContent, 3)];
        edits.Sort(static (a, b) => a.At.Start.Value.CompareTo(b.At.Start.Value));
        int position = 0;
        foreach ((Range at, int kind) in edits)
        {
            (int start, int length) = at.GetOffsetAndLength(body.Length);
            if (length == 0)
            {
                continue;
            }

            Write(output, body[position..start]);
            switch (kind)
            {
                case 0:
                    Write(output, model);
                    break;
                case 1:
                    // The field is written on its own: the commas around it stay the upstream's.
                    using (var writer = new Utf8JsonWriter(output, options with { SkipValidation = true }))
                    {
                        UsageWriter.WriteChatCompletions(writer, Usage ?? head.Usage, RoutedCallInfo.ReadFrom(Properties));
                    }

                    break;
                case 2:
                    Write(output, "\"reasoning_content\""u8);
                    break;
                default:
                    Write(output, "null"u8);
                    break;
            }

            position = start + length;
        }

        Write(output, body[position..]);
    }

    /// <summary>Gives the body's buffer back; nothing may read <see cref="Body"/> afterwards.</summary>
    public void Release() => _body?.Return();

    private static void Write(System.Buffers.IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
