namespace OrleansScrape.Processing.Transform;

internal enum OttlTokenKind
{
    End,
    Identifier,
    String,
    Int,
    Float,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>A token and its 0-based offset in the statement; <see cref="Text"/> is the unescaped value of strings.</summary>
internal readonly record struct OttlToken(OttlTokenKind Kind, string Text, int Offset);
