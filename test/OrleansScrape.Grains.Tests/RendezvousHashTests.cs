using OrleansScrape.Grains.Placement;

namespace OrleansScrape.Grains.Tests;

public sealed class RendezvousHashTests
{
    private static readonly string[] Keys = Enumerable.Range(0, 20_000).Select(i => $"targetgrain/job|http://10.0.{i / 250}.{i % 250}:9100/metrics").ToArray();

    private static string[] Silos(int count) => Enumerable.Range(0, count).Select(i => $"10.1.0.{i}:11111").ToArray();

    [Fact]
    public void Placement_IsDeterministic()
    {
        var silos = Silos(5);
        var first = Keys.Select(k => RendezvousHash.Choose(k, silos)).ToArray();
        var second = Keys.Select(k => RendezvousHash.Choose(k, silos.Reverse().ToArray())).Select(i => silos.Length - 1 - i).ToArray();
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(9)]
    public void AddingOneSiloToN_MovesAboutOneOverNPlusOneOfTheKeys_AllToTheNewSilo(int n)
    {
        var before = Silos(n);
        var after = Silos(n + 1);
        var moved = 0;
        foreach (var key in Keys)
        {
            var from = before[RendezvousHash.Choose(key, before)];
            var to = after[RendezvousHash.Choose(key, after)];
            if (from != to)
            {
                moved++;
                Assert.Equal(after[^1], to);
            }
        }
        var fraction = moved / (double)Keys.Length;
        var expected = 1.0 / (n + 1);
        Assert.InRange(fraction, expected * 0.9, expected * 1.1);
    }

    [Fact]
    public void RemovingASilo_MovesOnlyItsOwnKeys()
    {
        var before = Silos(5);
        var after = before.Where(s => s != before[2]).ToArray();
        foreach (var key in Keys)
        {
            var from = before[RendezvousHash.Choose(key, before)];
            var to = after[RendezvousHash.Choose(key, after)];
            if (from != before[2])
            {
                Assert.Equal(from, to);
            }
        }
    }

    [Fact]
    public void Keys_SpreadEvenlyOverSilos()
    {
        var silos = Silos(4);
        var counts = Keys.GroupBy(k => RendezvousHash.Choose(k, silos)).Select(g => g.Count()).ToArray();
        Assert.Equal(4, counts.Length);
        Assert.All(counts, c => Assert.InRange(c, Keys.Length / 4 * 0.9, Keys.Length / 4 * 1.1));
    }
}
