using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// A validated <see cref="RelabelConfig"/> ready to run: templates parsed against the regex once,
/// and the behaviour of Prometheus's <c>relabel</c> function for one rule.
/// </summary>
internal sealed class RelabelStep
{
    private readonly RelabelConfig _config;
    private readonly string[] _sourceLabels;
    private readonly RelabelRegex _regex;
    private readonly ReplacementTemplate _target;
    private readonly ReplacementTemplate _replacement;

    public RelabelStep(RelabelConfig config)
    {
        _config = config;
        _sourceLabels = [.. config.SourceLabels];
        _regex = config.Regex;
        _target = ReplacementTemplate.Compile(config.TargetLabel, _regex);
        _replacement = ReplacementTemplate.Compile(config.Replacement, _regex);
    }

    /// <returns>False when the rule drops the label set.</returns>
    public bool Apply(LabelsBuilder labels)
    {
        switch (_config.Action)
        {
            case RelabelAction.Drop:
                return !_regex.IsMatch(SourceValue(labels));
            case RelabelAction.Keep:
                return _regex.IsMatch(SourceValue(labels));
            case RelabelAction.DropEqual:
                return labels.Get(_config.TargetLabel) != SourceValue(labels);
            case RelabelAction.KeepEqual:
                return labels.Get(_config.TargetLabel) == SourceValue(labels);
            case RelabelAction.Replace:
                Replace(labels, SourceValue(labels));
                return true;
            case RelabelAction.Lowercase:
                labels.Set(_config.TargetLabel, GoStrings.ToLower(SourceValue(labels)));
                return true;
            case RelabelAction.Uppercase:
                labels.Set(_config.TargetLabel, GoStrings.ToUpper(SourceValue(labels)));
                return true;
            case RelabelAction.HashMod:
                labels.Set(_config.TargetLabel, HashMod(SourceValue(labels), _config.Modulus));
                return true;
            case RelabelAction.LabelMap:
                foreach (var label in labels.Snapshot())
                {
                    if (_regex.IsMatch(label.Name))
                    {
                        labels.Set(ReplaceAll(label.Name), label.Value);
                    }
                }
                return true;
            case RelabelAction.LabelDrop:
            case RelabelAction.LabelKeep:
                var keepMatching = _config.Action == RelabelAction.LabelKeep;
                foreach (var label in labels.Snapshot())
                {
                    if (_regex.IsMatch(label.Name) != keepMatching)
                    {
                        labels.Delete(label.Name);
                    }
                }
                return true;
            default:
                throw new InvalidOperationException($"unknown relabel action {_config.Action}");
        }
    }

    private void Replace(LabelsBuilder labels, string value)
    {
        // Prometheus's fast path: nothing to match against, nothing to expand.
        if (value.Length == 0 && _regex.IsDefault && !_target.HasReference && !_replacement.HasReference)
        {
            labels.Set(_config.TargetLabel, _config.Replacement);
            return;
        }
        string target;
        string result;
        if (_regex.IsCatchAll)
        {
            target = _target.ExpandCatchAll(value);
            if (!LabelNames.IsValid(target))
            {
                return;
            }
            result = _replacement.ExpandCatchAll(value);
        }
        else
        {
            var text = RelabelRegex.ToRuneText(value);
            var match = _regex.Match(text);
            if (!match.Success)
            {
                return;
            }
            target = _target.Expand(match);
            if (!LabelNames.IsValid(target))
            {
                return;
            }
            result = _replacement.Expand(match);
        }
        if (result.Length == 0)
        {
            labels.Delete(target);
        }
        else
        {
            labels.Set(target, result);
        }
    }

    // Go's ReplaceAllString, which labelmap uses: every leftmost match replaced, the rest kept.
    private string ReplaceAll(string name)
    {
        if (_regex.IsCatchAll)
        {
            return _replacement.ExpandCatchAll(name);
        }
        var text = RelabelRegex.ToRuneText(name);
        if (_regex.SpansWholeInput)
        {
            var match = _regex.Match(text);
            return match.Success ? _replacement.Expand(match) : text;
        }
        var builder = new StringBuilder();
        var lastMatchEnd = 0;
        var searchPos = 0;
        while (searchPos <= text.Length)
        {
            var match = _regex.Regex.Match(text, searchPos);
            if (!match.Success)
            {
                break;
            }
            var end = match.Index + match.Length;
            builder.Append(text, lastMatchEnd, match.Index - lastMatchEnd);
            // No replacement for an empty match right after the previous match.
            if (end > lastMatchEnd || match.Index == 0)
            {
                builder.Append(_replacement.Expand(match));
            }
            lastMatchEnd = end;
            var width = searchPos >= text.Length ? 0
                : char.IsHighSurrogate(text[searchPos]) && searchPos + 1 < text.Length && char.IsLowSurrogate(text[searchPos + 1]) ? 2
                : 1;
            searchPos = searchPos + width > end ? searchPos + width
                : searchPos + 1 > end ? searchPos + 1
                : end;
        }
        builder.Append(text, lastMatchEnd, text.Length - lastMatchEnd);
        return builder.ToString();
    }

    private string SourceValue(LabelsBuilder labels)
    {
        switch (_sourceLabels.Length)
        {
            case 0:
                return "";
            case 1:
                return labels.Get(_sourceLabels[0]);
        }
        var values = labels.ValueBuffer(_sourceLabels.Length);
        for (var i = 0; i < _sourceLabels.Length; i++)
        {
            values[i] = labels.Get(_sourceLabels[i]);
        }
        return string.Join(_config.Separator, values, 0, _sourceLabels.Length);
    }

    // MD5 of the UTF-8 bytes; the last 8 bytes of the sum, big-endian, modulo the modulus.
    internal static string HashMod(string value, ulong modulus)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, buffer);
            Span<byte> sum = stackalloc byte[MD5.HashSizeInBytes];
            MD5.HashData(buffer[..written], sum);
            var hash = BinaryPrimitives.ReadUInt64BigEndian(sum[8..]);
            return (hash % modulus).ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
