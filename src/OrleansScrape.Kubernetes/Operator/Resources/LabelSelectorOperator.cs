namespace OrleansScrape.Kubernetes.Operator.Resources;

/// <summary>The operators of a <c>matchExpressions</c> entry, spelt as Kubernetes spells them.</summary>
public enum LabelSelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
