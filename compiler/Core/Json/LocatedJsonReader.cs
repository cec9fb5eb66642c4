using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace ModelRegistry.Compiler;

/// <summary>
/// A strict RFC 8259 JSON reader that keeps the span of every value. It exists because System.Text.Json does not
/// load in every compiler host (dotnet/roslyn #41785, #80811). It never throws on bad input: the first syntax error
/// is returned with its span, and nesting deeper than <see cref="MaxDepth"/> is an error rather than a stack overflow.
/// </summary>
internal sealed class LocatedJsonReader
{
    /// <summary>Deeper nesting is rejected; no profile needs more than a handful of levels.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly CancellationToken _cancellationToken;
    private int _position;
    private string? _error;
    private TextSpan _errorSpan;

    private LocatedJsonReader(string text, CancellationToken cancellationToken)
    {
        _text = text;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads one JSON document.</summary>
    /// <returns>The root value, or <see langword="null"/> with <paramref name="error"/> and <paramref name="errorSpan"/> set.</returns>
    public static JsonValueNode? Read(string text, CancellationToken cancellationToken, out string? error, out TextSpan errorSpan)
    {
        var reader = new LocatedJsonReader(text, cancellationToken);
        if (reader._text.Length > 0 && reader._text[0] == '\uFEFF')
        {
            reader._position = 1;
        }

        JsonValueNode? root = reader.ReadValue(depth: 0);
        if (root is not null)
        {
            reader.SkipWhitespace();
            if (reader._position < reader._text.Length)
            {
                reader.Fail("Unexpected text after the end of the JSON document", 1);
                root = null;
            }
        }

        error = reader._error;
        errorSpan = reader._errorSpan;
        return root;
    }

    private JsonValueNode? Fail(string message, int length)
    {
        if (_error is null)
        {
            _error = message;
            int start = _position > _text.Length ? _text.Length : _position;
            int end = start + length > _text.Length ? _text.Length : start + length;
            _errorSpan = TextSpan.FromBounds(start, end);
        }

        return null;
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                _position++;
            }
            else
            {
                break;
            }
        }
    }

    private JsonValueNode? ReadValue(int depth)
    {
        SkipWhitespace();
        if (_position >= _text.Length)
        {
            return Fail("Unexpected end of the file: a JSON value was expected", 0);
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return depth >= MaxDepth ? Fail($"JSON nested deeper than {MaxDepth} levels", 1) : ReadObject(depth + 1);
            case '[':
                return depth >= MaxDepth ? Fail($"JSON nested deeper than {MaxDepth} levels", 1) : ReadArray(depth + 1);
            case '"':
                int start = _position;
                string? value = ReadString();
                return value is null ? null : new JsonStringNode(TextSpan.FromBounds(start, _position), value);
            case 't':
                return ReadLiteral("true", span => new JsonBooleanNode(span, true));
            case 'f':
                return ReadLiteral("false", span => new JsonBooleanNode(span, false));
            case 'n':
                return ReadLiteral("null", span => new JsonNullNode(span));
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }

                return Fail($"Unexpected character '{Printable(c)}': a JSON value was expected", 1);
        }
    }

    private JsonValueNode? ReadObject(int depth)
    {
        int start = _position;
        _position++; // {
        var properties = new List<JsonPropertyNode>();
        SkipWhitespace();
        if (_position < _text.Length && _text[_position] == '}')
        {
            _position++;
            return new JsonObjectNode(TextSpan.FromBounds(start, _position), properties);
        }

        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            SkipWhitespace();
            if (_position >= _text.Length)
            {
                return Fail("Unexpected end of the file inside an object: '}' was expected", 0);
            }

            if (_text[_position] != '"')
            {
                return Fail($"Unexpected character '{Printable(_text[_position])}': a property name in double quotes was expected", 1);
            }

            int nameStart = _position;
            string? name = ReadString();
            if (name is null)
            {
                return null;
            }

            var nameSpan = TextSpan.FromBounds(nameStart, _position);
            SkipWhitespace();
            if (_position >= _text.Length || _text[_position] != ':')
            {
                return Fail("':' was expected after the property name", 1);
            }

            _position++;
            JsonValueNode? value = ReadValue(depth);
            if (value is null)
            {
                return null;
            }

            properties.Add(new JsonPropertyNode(name, nameSpan, value));
            SkipWhitespace();
            if (_position >= _text.Length)
            {
                return Fail("Unexpected end of the file inside an object: '}' was expected", 0);
            }

            char c = _text[_position];
            if (c == ',')
            {
                _position++;
                continue;
            }

            if (c == '}')
            {
                _position++;
                return new JsonObjectNode(TextSpan.FromBounds(start, _position), properties);
            }

            return Fail($"Unexpected character '{Printable(c)}': ',' or '}}' was expected", 1);
        }
    }

    private JsonValueNode? ReadArray(int depth)
    {
        int start = _position;
        _position++; // [
        var items = new List<JsonValueNode>();
        SkipWhitespace();
        if (_position < _text.Length && _text[_position] == ']')
        {
            _position++;
            return new JsonArrayNode(TextSpan.FromBounds(start, _position), items);
        }

        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            JsonValueNode? item = ReadValue(depth);
            if (item is null)
            {
                return null;
            }

            items.Add(item);
            SkipWhitespace();
            if (_position >= _text.Length)
            {
                return Fail("Unexpected end of the file inside an array: ']' was expected", 0);
            }

            char c = _text[_position];
            if (c == ',')
            {
                _position++;
                continue;
            }

            if (c == ']')
            {
                _position++;
                return new JsonArrayNode(TextSpan.FromBounds(start, _position), items);
            }

            return Fail($"Unexpected character '{Printable(c)}': ',' or ']' was expected", 1);
        }
    }

    /// <summary>Reads a string starting at the opening quote; leaves the position after the closing quote.</summary>
    private string? ReadString()
    {
        _position++; // opening quote
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                Fail("Unexpected end of the file inside a string: '\"' was expected", 0);
                return null;
            }

            char c = _text[_position];
            if (c == '"')
            {
                _position++;
                if (HasUnpairedSurrogate(builder))
                {
                    // Valid JSON grammar but not text: System.Text.Json rejects it too, and it could not be written into C# source.
                    _position--;
                    Fail("The string holds an unpaired UTF-16 surrogate (\\uD800-\\uDFFF)", 1);
                    return null;
                }

                return builder.ToString();
            }

            if (c < ' ')
            {
                Fail("A control character must be escaped inside a string", 1);
                return null;
            }

            if (c != '\\')
            {
                builder.Append(c);
                _position++;
                continue;
            }

            if (_position + 1 >= _text.Length)
            {
                _position++;
                Fail("Unexpected end of the file inside an escape sequence", 0);
                return null;
            }

            char escaped = _text[_position + 1];
            switch (escaped)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 6 > _text.Length
                        || !int.TryParse(_text.Substring(_position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        Fail("'\\u' must be followed by four hexadecimal digits", 2);
                        return null;
                    }

                    builder.Append((char)code);
                    _position += 6;
                    continue;
                default:
                    Fail($"Invalid escape sequence '\\{Printable(escaped)}'", 2);
                    return null;
            }

            _position += 2;
        }
    }

    private JsonValueNode? ReadNumber()
    {
        int start = _position;
        if (_text[_position] == '-')
        {
            _position++;
        }

        if (_position >= _text.Length || !IsDigit(_text[_position]))
        {
            return Fail("A digit was expected in the number", 1);
        }

        if (_text[_position] == '0')
        {
            _position++;
            if (_position < _text.Length && IsDigit(_text[_position]))
            {
                return Fail("A number may not have a leading zero", 1);
            }
        }
        else
        {
            SkipDigits();
        }

        if (_position < _text.Length && _text[_position] == '.')
        {
            _position++;
            if (_position >= _text.Length || !IsDigit(_text[_position]))
            {
                return Fail("A digit was expected after the decimal point", 1);
            }

            SkipDigits();
        }

        if (_position < _text.Length && _text[_position] is 'e' or 'E')
        {
            _position++;
            if (_position < _text.Length && _text[_position] is '+' or '-')
            {
                _position++;
            }

            if (_position >= _text.Length || !IsDigit(_text[_position]))
            {
                return Fail("A digit was expected in the exponent", 1);
            }

            SkipDigits();
        }

        var span = TextSpan.FromBounds(start, _position);
        return new JsonNumberNode(span, _text.Substring(start, span.Length));
    }

    private JsonValueNode? ReadLiteral(string literal, System.Func<TextSpan, JsonValueNode> create)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            int length = 1;
            while (_position + length < _text.Length && char.IsLetterOrDigit(_text[_position + length]))
            {
                length++;
            }

            return Fail($"Unexpected token '{_text.Substring(_position, length)}': a JSON value was expected", length);
        }

        int start = _position;
        _position += literal.Length;
        return create(TextSpan.FromBounds(start, _position));
    }

    private void SkipDigits()
    {
        while (_position < _text.Length && IsDigit(_text[_position]))
        {
            _position++;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool HasUnpairedSurrogate(StringBuilder text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Printable(char c) => c < ' ' ? $"\\u{(int)c:X4}" : c.ToString();
}
