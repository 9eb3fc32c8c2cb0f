namespace OrleansScrape.Prometheus.Exposition;

/// <summary>
/// Walks the labels of the current series without allocating. It re-reads the label bytes the
/// parser already validated, so it only has to find boundaries, not check syntax.
/// </summary>
public ref struct LabelEnumerator
{
    private readonly ReadOnlySpan<byte> _labels;
    private int _position;
    // Offsets rather than a stored LabelPair: plain ints keep MoveNext cheap.
    private int _nameStart;
    private int _nameEnd;
    private int _valueStart;
    private int _valueEnd;
    private bool _needsUnescape;

    /// <param name="labels">The validated bytes between <c>{</c> and <c>}</c> of a series.</param>
    internal LabelEnumerator(ReadOnlySpan<byte> labels)
    {
        _labels = labels;
    }

    public readonly LabelPair Current => new(
        _labels[_nameStart.._nameEnd],
        _labels[_valueStart.._valueEnd],
        _needsUnescape);

    public readonly LabelEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var labels = _labels;
        var position = _position;
        while (position < labels.Length && (ExpositionBytes.IsBlank(labels[position]) || labels[position] == ','))
        {
            position++;
        }
        if (position >= labels.Length)
        {
            _position = position;
            return false;
        }
        _nameStart = position;
        while (labels[position] != '=' && !ExpositionBytes.IsBlank(labels[position]))
        {
            position++;
        }
        _nameEnd = position;
        // Past the blanks, the '=', more blanks and the opening quote.
        while (labels[position] != '"')
        {
            position++;
        }
        _valueStart = ++position;
        var needsUnescape = false;
        while (true)
        {
            var b = labels[position];
            if (b == '"')
            {
                break;
            }
            if (b == '\\')
            {
                needsUnescape = true;
                position++;
            }
            position++;
        }
        _valueEnd = position;
        _needsUnescape = needsUnescape;
        _position = position + 1;
        return true;
    }
}
