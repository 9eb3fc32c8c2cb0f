using OrleansScrape.Prometheus.Relabeling;
using static OrleansScrape.Prometheus.Tests.Relabeling.RelabelRun;

namespace OrleansScrape.Prometheus.Tests.Relabeling;

public sealed class LabelsBuilderTests
{
    [Fact]
    public void Get_AbsentLabel_IsEmptyString()
    {
        var builder = new LabelsBuilder(Labels("a=1"));

        Assert.Equal("1", builder.Get("a"));
        Assert.Equal("", builder.Get("b"));
    }

    [Fact]
    public void Set_OverridesAndAdds()
    {
        var builder = new LabelsBuilder(Labels("a=1"));

        builder.Set("a", "2").Set("b", "3");

        Assert.Equal("2", builder.Get("a"));
        Assert.Equal("a=2 b=3", Format(builder.ToArray()));
    }

    [Fact]
    public void Set_EmptyValue_DeletesLabel()
    {
        var builder = new LabelsBuilder(Labels("a=1", "b=2"));

        builder.Set("a", "");

        Assert.Equal("", builder.Get("a"));
        Assert.Equal("b=2", Format(builder.ToArray()));
    }

    [Fact]
    public void Delete_ThenSet_BringsLabelBack()
    {
        var builder = new LabelsBuilder(Labels("a=1"));

        builder.Delete("a");
        Assert.True(builder.IsEmpty);
        builder.Set("a", "again");

        Assert.Equal("a=again", Format(builder.ToArray()));
    }

    [Fact]
    public void ToArray_SortsNamesOrdinallyAndOmitsEmptyValues()
    {
        var builder = new LabelsBuilder(Labels("b=1", "a=", "B=2", "_x=3"));
        builder.Set("Z", "4");

        Assert.Equal("B=2 Z=4 _x=3 b=1", Format(builder.ToArray()));
    }

    [Fact]
    public void Reset_RepeatedName_KeepsLastValue()
    {
        var builder = new LabelsBuilder(Labels("a=1", "b=2", "a=3"));

        Assert.Equal("a=3 b=2", Format(builder.ToArray()));
    }

    [Fact]
    public void Reset_ForgetsEarlierChanges()
    {
        var builder = new LabelsBuilder(Labels("a=1"));
        builder.Set("b", "2").Delete("a");

        builder.Reset(Labels("c=3"));

        Assert.Equal("c=3", Format(builder.ToArray()));
        Assert.Equal("", builder.Get("b"));
    }

    [Fact]
    public void Reset_FromKeyValuePairs()
    {
        var builder = new LabelsBuilder(new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" });

        Assert.Equal("a=2 z=1", Format(builder.ToArray()));
    }

    [Fact]
    public void Range_VisitsInitialLabelsByNameThenSetOnesInOrder_OverASnapshot()
    {
        var builder = new LabelsBuilder(Labels("b=1", "a=2", "c=3"));
        builder.Set("z", "4").Set("b", "5").Set("y", "6").Delete("c");
        var visited = new List<string>();

        builder.Range(label =>
        {
            visited.Add(label.ToString());
            builder.Set("during_" + label.Name, label.Value);
        });

        Assert.Equal(["a=\"2\"", "z=\"4\"", "b=\"5\"", "y=\"6\""], visited);
        Assert.Equal("a=2 b=5 during_a=2 during_b=5 during_y=6 during_z=4 y=6 z=4", Format(builder.ToArray()));
    }

    [Fact]
    public void IsEmpty_OnlyEmptyValuedLabelsLeft_IsTrue()
    {
        Assert.True(new LabelsBuilder(Labels("a=")).IsEmpty);
        Assert.False(new LabelsBuilder(Labels("a=1")).IsEmpty);
        Assert.True(new LabelsBuilder().IsEmpty);
    }
}
