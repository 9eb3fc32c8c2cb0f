using System.Globalization;
using System.Text;

namespace OrleansScrape.Processing.Transform;

/// <summary>Splits one OTTL statement into tokens; errors carry the column they are at.</summary>
internal static class OttlLexer
{
    public static List<OttlToken> Tokenize(string statement)
    {
        var tokens = new List<OttlToken>();
        var i = 0;
        while (i < statement.Length)
        {
            var c = statement[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < statement.Length && (char.IsAsciiLetterOrDigit(statement[i]) || statement[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new OttlToken(OttlTokenKind.Identifier, statement[start..i], start));
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < statement.Length && char.IsAsciiDigit(statement[i + 1])))
            {
                i++;
                var isFloat = false;
                while (i < statement.Length && (char.IsAsciiDigit(statement[i]) || statement[i] is '.' or 'e' or 'E'
                    || (statement[i] is '+' or '-' && statement[i - 1] is 'e' or 'E')))
                {
                    isFloat |= statement[i] is '.' or 'e' or 'E';
                    i++;
                }
                var text = statement[start..i];
                var valid = isFloat
                    ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                if (!valid)
                {
                    throw new OttlSyntaxException(statement, start + 1, $"\"{text}\" is not a number");
                }
                tokens.Add(new OttlToken(isFloat ? OttlTokenKind.Float : OttlTokenKind.Int, text, start));
                continue;
            }
            if (c == '"')
            {
                tokens.Add(new OttlToken(OttlTokenKind.String, ReadString(statement, ref i), start));
                continue;
            }
            var two = i + 1 < statement.Length ? statement.Substring(i, 2) : "";
            var (kind, length) = two switch
            {
                "==" => (OttlTokenKind.Equal, 2),
                "!=" => (OttlTokenKind.NotEqual, 2),
                "<=" => (OttlTokenKind.LessOrEqual, 2),
                ">=" => (OttlTokenKind.GreaterOrEqual, 2),
                _ => c switch
                {
                    '(' => (OttlTokenKind.LeftParen, 1),
                    ')' => (OttlTokenKind.RightParen, 1),
                    '[' => (OttlTokenKind.LeftBracket, 1),
                    ']' => (OttlTokenKind.RightBracket, 1),
                    ',' => (OttlTokenKind.Comma, 1),
                    '.' => (OttlTokenKind.Dot, 1),
                    '<' => (OttlTokenKind.Less, 1),
                    '>' => (OttlTokenKind.Greater, 1),
                    _ => throw new OttlSyntaxException(statement, i + 1, $"unexpected character '{c}'"),
                },
            };
            tokens.Add(new OttlToken(kind, statement.Substring(i, length), start));
            i += length;
        }
        tokens.Add(new OttlToken(OttlTokenKind.End, "", statement.Length));
        return tokens;
    }

    // Escapes as in Go string literals, which upstream OTTL unquotes with.
    private static string ReadString(string statement, ref int i)
    {
        var start = i;
        var text = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= statement.Length)
            {
                throw new OttlSyntaxException(statement, start + 1, "the string is not closed");
            }
            var c = statement[i];
            if (c == '"')
            {
                i++;
                return text.ToString();
            }
            if (c != '\\')
            {
                text.Append(c);
                i++;
                continue;
            }
            if (i + 1 >= statement.Length)
            {
                throw new OttlSyntaxException(statement, i + 1, "the string is not closed");
            }
            var escape = statement[i + 1];
            switch (escape)
            {
                case '"': text.Append('"'); break;
                case '\\': text.Append('\\'); break;
                case '\'': text.Append('\''); break;
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'a': text.Append('\a'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'v': text.Append('\v'); break;
                case 'x' or 'u' or 'U':
                    var digits = escape switch { 'x' => 2, 'u' => 4, _ => 8 };
                    if (i + 2 + digits > statement.Length
                        || !int.TryParse(statement.AsSpan(i + 2, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                        || code > 0x10FFFF)
                    {
                        throw new OttlSyntaxException(statement, i + 1, $"invalid \\{escape} escape");
                    }
                    text.Append(char.ConvertFromUtf32(code));
                    i += digits;
                    break;
                default:
                    throw new OttlSyntaxException(statement, i + 1, $"unknown escape \\{escape} (write \\\\ for a backslash)");
            }
            i += 2;
        }
    }
}
