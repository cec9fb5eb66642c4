using System;
using System.Globalization;
using System.Text;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator;

/// <summary>An indented text writer for generated C#, with helpers that turn values into C# and XML-doc literals.</summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;

    private readonly StringBuilder _builder = new();
    private int _indentation;

    /// <summary>Writes one line at the current indentation (an empty line has no trailing spaces).</summary>
    public void WriteLine(string line = "")
    {
        if (line.Length > 0)
        {
            _builder.Append(' ', _indentation * IndentSize).Append(line);
        }

        _builder.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents.</summary>
    public void OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _indentation++;
    }

    /// <summary>Unindents and writes a closing brace (with an optional suffix such as <c>;</c>).</summary>
    public void CloseBlock(string suffix = "")
    {
        // A blank line written after a block's last member does not belong before its closing brace.
        if (_builder.Length >= 2 && _builder[_builder.Length - 1] == '\n' && _builder[_builder.Length - 2] == '\n')
        {
            _builder.Length--;
        }

        _indentation--;
        WriteLine("}" + suffix);
    }

    /// <summary>Changes the indentation without writing a brace (for <c>case</c> bodies).</summary>
    public void Indent() => _indentation++;

    /// <inheritdoc cref="Indent"/>
    public void Unindent() => _indentation--;

    public override string ToString() => _builder.ToString();

    /// <summary>A C# regular string literal for <paramref name="value"/>: every character that is not printable ASCII is escaped.</summary>
    public static string StringLiteral(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            AppendEscaped(builder, c, '"');
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A C# character literal.</summary>
    public static string CharLiteral(char value)
    {
        var builder = new StringBuilder(8).Append('\'');
        AppendEscaped(builder, value, '\'');
        return builder.Append('\'').ToString();
    }

    /// <summary><paramref name="value"/> escaped for the text of an XML doc comment.</summary>
    public static string XmlText(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default: builder.Append(c < ' ' || c == '\u007F' || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u0085' ? '?' : c); break;
            }
        }

        return builder.ToString();
    }

    private static void AppendEscaped(StringBuilder builder, char c, char quote)
    {
        switch (c)
        {
            case '\\': builder.Append("\\\\"); return;
            case '\n': builder.Append("\\n"); return;
            case '\r': builder.Append("\\r"); return;
            case '\t': builder.Append("\\t"); return;
            case '\0': builder.Append("\\0"); return;
        }

        if (c == quote)
        {
            builder.Append('\\').Append(c);
        }
        else if (c >= ' ' && c < '\u007F')
        {
            builder.Append(c);
        }
        else
        {
            builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
    }
}
