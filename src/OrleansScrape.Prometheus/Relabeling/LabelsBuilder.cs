using System.Buffers;

namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>
/// A label set being relabeled, with the semantics of Prometheus's <c>labels.Builder</c>: the initial
/// labels stay in a name-sorted array and changes are recorded beside them, so reading and changing a
/// label costs a binary search or a short scan and no copying. Setting an empty value deletes the label.
/// <see cref="Range"/> visits the untouched initial labels in name order, then the set ones in the order
/// they were first set, over a snapshot, as <c>labelmap</c> depends on. Not thread-safe; reuse one per
/// thread through <see cref="Reset(ReadOnlySpan{Label})"/>.
/// </summary>
public sealed class LabelsBuilder
{
    private static readonly Comparison<Label> ByName = static (a, b) => string.CompareOrdinal(a.Name, b.Name);
    private static readonly Comparison<(Label Label, int Index)> ByNameThenPosition = static (a, b) =>
        string.CompareOrdinal(a.Label.Name, b.Label.Name) is var order && order != 0 ? order : a.Index.CompareTo(b.Index);

    private Label[] _base = [];
    // A base label is hidden once deleted or set again (the set value then lives in _added).
    private bool[] _hidden = [];
    private int _baseCount;
    private readonly List<Label> _added = [];
    private Label[] _snapshot = [];
    private string[] _values = [];

    public LabelsBuilder()
    {
    }

    public LabelsBuilder(IEnumerable<Label> labels) => Reset(labels);

    public LabelsBuilder(IEnumerable<KeyValuePair<string, string>> labels) => Reset(labels);

    /// <summary>Starts over from these labels; a repeated name keeps its last value.</summary>
    public void Reset(ReadOnlySpan<Label> labels)
    {
        if (_base.Length < labels.Length)
        {
            _base = new Label[labels.Length];
            _hidden = new bool[labels.Length];
        }
        labels.CopyTo(_base);
        _baseCount = labels.Length;
        Normalize();
    }

    public void Reset(IEnumerable<Label> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _baseCount = 0;
        foreach (var label in labels)
        {
            AppendBase(label);
        }
        Normalize();
    }

    public void Reset(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _baseCount = 0;
        foreach (var (name, value) in labels)
        {
            AppendBase(new Label(name, value));
        }
        Normalize();
    }

    /// <summary>The label's value, or "" when it is absent (Prometheus does not tell the two apart).</summary>
    public string Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var label in _added)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }
        var index = FindBase(name);
        return index >= 0 && !_hidden[index] ? _base[index].Value : "";
    }

    /// <summary>Sets a label; an empty value deletes it.</summary>
    public LabelsBuilder Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return Delete(name);
        }
        for (var i = 0; i < _added.Count; i++)
        {
            if (_added[i].Name == name)
            {
                _added[i] = new Label(name, value);
                return this;
            }
        }
        _added.Add(new Label(name, value));
        var index = FindBase(name);
        if (index >= 0)
        {
            _hidden[index] = true;
        }
        return this;
    }

    public LabelsBuilder Delete(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < _added.Count; i++)
        {
            if (_added[i].Name == name)
            {
                _added.RemoveAt(i);
                break;
            }
        }
        var index = FindBase(name);
        if (index >= 0)
        {
            _hidden[index] = true;
        }
        return this;
    }

    /// <summary>
    /// Visits every label over a snapshot taken first, so the visitor may set and delete labels.
    /// Initial labels given with an empty value are visited too, as in Prometheus.
    /// </summary>
    public void Range(Action<Label> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        var rented = ArrayPool<Label>.Shared.Rent(Math.Max(1, _baseCount + _added.Count));
        try
        {
            var count = Fill(rented);
            for (var i = 0; i < count; i++)
            {
                visitor(rented[i]);
            }
        }
        finally
        {
            ArrayPool<Label>.Shared.Return(rented, clearArray: true);
        }
    }

    /// <summary>Whether no label with a non-empty value is left.</summary>
    public bool IsEmpty
    {
        get
        {
            if (_added.Count > 0)
            {
                return false;
            }
            for (var i = 0; i < _baseCount; i++)
            {
                if (!_hidden[i] && _base[i].Value.Length > 0)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>The resulting labels sorted by name (ordinal), without empty-valued ones.</summary>
    public Label[] ToArray()
    {
        var count = _added.Count;
        for (var i = 0; i < _baseCount; i++)
        {
            if (!_hidden[i] && _base[i].Value.Length > 0)
            {
                count++;
            }
        }
        var result = new Label[count];
        var n = 0;
        for (var i = 0; i < _baseCount; i++)
        {
            if (!_hidden[i] && _base[i].Value.Length > 0)
            {
                result[n++] = _base[i];
            }
        }
        _added.CopyTo(result, n);
        if (_added.Count > 0)
        {
            Array.Sort(result, ByName);
        }
        return result;
    }

    /// <summary>The labels <see cref="Range"/> would visit, in a buffer owned by the builder (no nesting).</summary>
    internal ReadOnlySpan<Label> Snapshot()
    {
        var needed = _baseCount + _added.Count;
        if (_snapshot.Length < needed)
        {
            _snapshot = new Label[Math.Max(needed, _snapshot.Length * 2)];
        }
        return _snapshot.AsSpan(0, Fill(_snapshot));
    }

    /// <summary>Scratch space for joining source label values.</summary>
    internal string[] ValueBuffer(int count)
    {
        if (_values.Length < count)
        {
            _values = new string[count];
        }
        return _values;
    }

    private int Fill(Label[] destination)
    {
        var n = 0;
        for (var i = 0; i < _baseCount; i++)
        {
            if (!_hidden[i])
            {
                destination[n++] = _base[i];
            }
        }
        _added.CopyTo(destination, n);
        return n + _added.Count;
    }

    private void AppendBase(Label label)
    {
        if (_baseCount == _base.Length)
        {
            Array.Resize(ref _base, Math.Max(8, _base.Length * 2));
        }
        _base[_baseCount++] = label;
    }

    private void Normalize()
    {
        _added.Clear();
        if (_hidden.Length < _base.Length)
        {
            _hidden = new bool[_base.Length];
        }
        Array.Clear(_hidden, 0, _baseCount);
        foreach (var label in _base.AsSpan(0, _baseCount))
        {
            ArgumentNullException.ThrowIfNull(label.Name, nameof(Label.Name));
            ArgumentNullException.ThrowIfNull(label.Value, nameof(Label.Value));
        }
        var span = _base.AsSpan(0, _baseCount);
        var sorted = true;
        for (var i = 1; i < span.Length && sorted; i++)
        {
            sorted = string.CompareOrdinal(span[i - 1].Name, span[i].Name) < 0;
        }
        if (sorted)
        {
            return;
        }
        // Sorted with the original position as tie-break, so that of repeated names the last one given wins.
        var rented = ArrayPool<(Label Label, int Index)>.Shared.Rent(span.Length);
        try
        {
            var entries = rented.AsSpan(0, span.Length);
            for (var i = 0; i < span.Length; i++)
            {
                entries[i] = (span[i], i);
            }
            entries.Sort(ByNameThenPosition);
            var n = 0;
            for (var i = 0; i < entries.Length; i++)
            {
                if (i + 1 < entries.Length && entries[i + 1].Label.Name == entries[i].Label.Name)
                {
                    continue;
                }
                _base[n++] = entries[i].Label;
            }
            Array.Clear(_base, n, _baseCount - n);
            _baseCount = n;
        }
        finally
        {
            ArrayPool<(Label Label, int Index)>.Shared.Return(rented, clearArray: true);
        }
    }

    private int FindBase(string name)
    {
        int lo = 0, hi = _baseCount - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var order = string.CompareOrdinal(_base[mid].Name, name);
            if (order == 0)
            {
                return mid;
            }
            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }
}
