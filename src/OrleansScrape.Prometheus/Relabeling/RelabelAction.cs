namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>The relabeling actions of Prometheus's <c>relabel_config</c>, with the same meaning.</summary>
public enum RelabelAction
{
    /// <summary>Writes the expanded replacement to the expanded target label when the regex matches.</summary>
    Replace,
    /// <summary>Drops the label set unless the regex matches the joined source values.</summary>
    Keep,
    /// <summary>Drops the label set when the regex matches the joined source values.</summary>
    Drop,
    /// <summary>Drops the label set unless the joined source values equal the target label's value.</summary>
    KeepEqual,
    /// <summary>Drops the label set when the joined source values equal the target label's value.</summary>
    DropEqual,
    /// <summary>Sets the target label to the MD5 of the joined source values modulo <c>modulus</c>.</summary>
    HashMod,
    /// <summary>Copies every label whose name matches the regex to the expanded replacement name.</summary>
    LabelMap,
    /// <summary>Removes every label whose name matches the regex.</summary>
    LabelDrop,
    /// <summary>Removes every label whose name does not match the regex.</summary>
    LabelKeep,
    /// <summary>Sets the target label to the lower-cased joined source values.</summary>
    Lowercase,
    /// <summary>Sets the target label to the upper-cased joined source values.</summary>
    Uppercase,
}
