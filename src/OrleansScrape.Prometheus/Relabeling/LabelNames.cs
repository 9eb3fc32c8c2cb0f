namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// Label-name rules of Prometheus's legacy validation scheme, the one this project's configuration
/// uses (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>). Hand-written rather than regexes: they run for every
/// expanded <c>replace</c> target, and the template rule as a backtracking regex would be exponential.
/// </summary>
public static class LabelNames
{
    public static bool IsValid(string name)
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

    /// <summary>
    /// Whether a <c>target_label</c> of <c>replace</c> (or a <c>labelmap</c> replacement) can expand to
    /// a label name: Prometheus's <c>^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$</c>, that is word
    /// characters and <c>$name</c>/<c>${name}</c> references, starting with a letter, <c>_</c> or a reference.
    /// </summary>
    public static bool IsValidTemplate(string template)
    {
        if (template.Length == 0 || !(IsWordStart(template[0]) || template[0] == '$'))
        {
            return false;
        }
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (IsWord(c))
            {
                i++;
                continue;
            }
            if (c != '$' || i + 1 >= template.Length)
            {
                return false;
            }
            i++;
            if (template[i] == '{')
            {
                var start = ++i;
                while (i < template.Length && IsWord(template[i]))
                {
                    i++;
                }
                if (i == start || i >= template.Length || template[i] != '}')
                {
                    return false;
                }
                i++;
            }
            else if (IsWord(template[i]))
            {
                i++;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsWordStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsWord(char c) => IsWordStart(c) || c is >= '0' and <= '9';
}
