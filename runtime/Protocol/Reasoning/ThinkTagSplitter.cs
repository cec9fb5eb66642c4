using System.Text;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// Splits a reasoning block sent inside the content — <c>&lt;think&gt;…&lt;/think&gt;</c> at its start, as
/// Together's DeepSeek-R1 does — from the answer, across streamed chunks: either tag may arrive in pieces, so
/// text that could still be the start of a tag is held back until the next chunk decides it.
/// Only a block at the start of the content counts; a tag later in the answer is answer text.
/// </summary>
internal sealed class ThinkTagSplitter
{
    private readonly string _openTag;
    private readonly string _closeTag;
    private readonly StringBuilder _pending = new();
    private Phase _phase = Phase.BeforeContent;

    public ThinkTagSplitter(string tag)
    {
        _openTag = "<" + tag + ">";
        _closeTag = "</" + tag + ">";
    }

    private enum Phase
    {
        /// <summary>Only whitespace (or a part of the opening tag) seen so far.</summary>
        BeforeContent,
        /// <summary>Inside the reasoning block.</summary>
        InReasoning,
        /// <summary>Right after the closing tag: whitespace separating reasoning from the answer is dropped.</summary>
        AfterReasoning,
        /// <summary>The answer.</summary>
        InText,
    }

    /// <summary>Routes one piece of content to reasoning or text.</summary>
    public void Append(string content, IList<AIContent> into)
    {
        switch (_phase)
        {
            case Phase.BeforeContent:
                _pending.Append(content);
                string seen = _pending.ToString();
                string trimmed = seen.TrimStart();
                if (trimmed.Length == 0 || (trimmed.Length < _openTag.Length && _openTag.StartsWith(trimmed, StringComparison.Ordinal)))
                {
                    return;
                }

                _pending.Clear();
                if (trimmed.StartsWith(_openTag, StringComparison.Ordinal))
                {
                    _phase = Phase.InReasoning;
                    AppendReasoning(trimmed[_openTag.Length..], into);
                }
                else
                {
                    _phase = Phase.InText;
                    into.Add(new TextContent(seen));
                }

                return;
            case Phase.InReasoning:
                AppendReasoning(content, into);
                return;
            case Phase.AfterReasoning:
                AppendAnswerStart(content, into);
                return;
            default:
                if (content.Length > 0)
                {
                    into.Add(new TextContent(content));
                }

                return;
        }
    }

    /// <summary>Emits whatever was held back when the content ends.</summary>
    public void Complete(IList<AIContent> into)
    {
        if (_pending.Length == 0)
        {
            return;
        }

        string rest = _pending.ToString();
        _pending.Clear();
        if (_phase == Phase.InReasoning)
        {
            into.Add(new TextReasoningContent(rest));
        }
        else if (_phase == Phase.BeforeContent && rest.Trim().Length > 0)
        {
            into.Add(new TextContent(rest));
        }
    }

    private void AppendReasoning(string content, IList<AIContent> into)
    {
        _pending.Append(content);
        string buffered = _pending.ToString();
        int close = buffered.IndexOf(_closeTag, StringComparison.Ordinal);
        if (close >= 0)
        {
            _pending.Clear();
            if (close > 0)
            {
                into.Add(new TextReasoningContent(buffered[..close]));
            }

            _phase = Phase.AfterReasoning;
            AppendAnswerStart(buffered[(close + _closeTag.Length)..], into);
            return;
        }

        int held = LengthOfClosingTagPrefixAtEnd(buffered);
        int ready = buffered.Length - held;
        if (ready > 0)
        {
            into.Add(new TextReasoningContent(buffered[..ready]));
            _pending.Remove(0, ready);
        }
    }

    private void AppendAnswerStart(string content, IList<AIContent> into)
    {
        string answer = content.TrimStart();
        if (answer.Length > 0)
        {
            _phase = Phase.InText;
            into.Add(new TextContent(answer));
        }
    }

    /// <summary>How many trailing characters could be the beginning of the closing tag.</summary>
    private int LengthOfClosingTagPrefixAtEnd(string text)
    {
        for (int length = Math.Min(_closeTag.Length - 1, text.Length); length > 0; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(_closeTag.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }
}
