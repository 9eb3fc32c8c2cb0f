using System.IO.Hashing;
using System.Text;

namespace OrleansScrape.Grains.Placement;

/// <summary>
/// Highest-random-weight hashing: every (key, candidate) pair gets a score and the key goes to
/// the highest. Deterministic on every silo, and when one candidate joins N others only the keys
/// it now wins move, about 1/(N+1) of them; when one leaves, only its own keys move.
/// </summary>
public static class RendezvousHash
{
    public static int Choose(string key, IReadOnlyList<string> candidates)
    {
        if (candidates.Count == 0)
        {
            throw new ArgumentException("There is no candidate to choose from.", nameof(candidates));
        }
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var keyHash = XxHash64.HashToUInt64(keyBytes);
        var best = -1;
        var bestScore = 0UL;
        for (var i = 0; i < candidates.Count; i++)
        {
            var score = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(candidates[i]), unchecked((long)keyHash));
            // Ties are astronomically rare; break them by name so every silo agrees anyway.
            if (best < 0 || score > bestScore || (score == bestScore && string.CompareOrdinal(candidates[i], candidates[best]) < 0))
            {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }
}
