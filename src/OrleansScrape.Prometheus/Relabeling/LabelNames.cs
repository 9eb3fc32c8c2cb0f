namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// Label-name rules of Prometheus 3's default validation scheme (UTF-8, the one the Collector's
/// prometheus receiver runs): a label name is any non-empty text, so <c>target_label: service.name</c>
/// is valid, as the reference Collector configurations write it. The legacy rule
/// (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>) is kept for what still needs it. Hand-written rather than regexes:
/// they run for every expanded <c>replace</c> target.
/// </summary>
public static class LabelNames
{
    /// <summary>A label name under the UTF-8 scheme: non-empty, and well-formed text (no unpaired surrogate).</summary>
    public static bool IsValid(string name) => name.Length > 0 && IsWellFormed(name);

    /// <summary>
    /// Whether a <c>target_label</c> of <c>replace</c> (or a <c>labelmap</c> replacement) with <c>$1</c> /
    /// <c>${name}</c> references can expand to a label name: under the UTF-8 scheme, any well-formed text
    /// (the expanded name is checked again when applied).
    /// </summary>
    public static bool IsValidTemplate(string template) => IsValid(template);

    /// <summary>The legacy scheme's rule: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsLegacyValid(string name)
    {
        if (name.Length == 0 || !IsWordStart(name[0]))
        {
            return false;
        }
        for (var i = 1; i < name.Length; i++)
        {
            if (!IsWord(name[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsWordStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsWord(char c) => IsWordStart(c) || c is >= '0' and <= '9';
}
