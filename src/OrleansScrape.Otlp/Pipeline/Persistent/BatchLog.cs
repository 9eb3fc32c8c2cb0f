using System.Buffers.Binary;
using System.IO.Hashing;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansScrape.Otlp.Encoders;
using OrleansScrape.Otlp.Model;
using OrleansScrape.Otlp.Proto.Collector.Metrics.V1;
using OrleansScrape.Otlp.Receivers;

namespace OrleansScrape.Otlp.Pipeline.Persistent;

/// <summary>
/// The export queue on disk: batches appended to segment files as length-prefixed, checksummed
/// OTLP protobuf records, and the sequence numbers of handled records appended to a companion
/// acknowledgement file. Opening a directory returns what was written and never acknowledged, in
/// order; a torn or corrupt record ends its segment's reading with a warning (what follows it in
/// that segment is lost, nothing else). A segment whose records were all handled is deleted.
/// Thread-safe.
/// </summary>
/// <remarks>
/// Record: magic <c>OSQ1</c>, payload length (u32), CRC-32 of sequence and payload (u32), sequence
/// (u64), payload (an <c>ExportMetricsServiceRequest</c> with one resource). Acknowledgement: the
/// sequence (u64). Little-endian. Acknowledgements are not flushed to the device: after a machine
/// crash a batch delivered just before it can be sent once more.
/// </remarks>
public sealed class BatchLog : IDisposable
{
    private const uint Magic = 0x3151_534F; // "OSQ1"
    private const int HeaderBytes = 4 + 4 + 4 + 8;
    private const string SegmentPrefix = "segment-";

    private readonly PersistentQueueOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Segment> _segmentOf = new();
    private Segment? _current;
    private long _nextSequence;
    private bool _disposed;

    private BatchLog(PersistentQueueOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Records appended and not yet acknowledged.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _segmentOf.Count;
            }
        }
    }

    /// <summary>Opens (or creates) the queue in a directory and returns the records still owed a delivery, oldest first.</summary>
    public static BatchLog Open(PersistentQueueOptions options, ILogger logger, out IReadOnlyList<LoggedBatch> pending)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.CreateDirectory && !Directory.Exists(options.Directory))
        {
            throw new DirectoryNotFoundException($"The persistent queue's directory {options.Directory} does not exist (set create_directory to create it).");
        }
        Directory.CreateDirectory(options.Directory);
        var log = new BatchLog(options, logger);
        pending = log.Recover();
        return log;
    }

    /// <summary>Writes a batch and returns its sequence number once it is on disk.</summary>
    public long Append(MetricBatch batch)
    {
        var payload = OtlpRequestEncoder.Encode([batch]).ToByteArray();
        var record = new byte[HeaderBytes + payload.Length];
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var sequence = _nextSequence++;
            BinaryPrimitives.WriteUInt32LittleEndian(record, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), (uint)payload.Length);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(12), sequence);
            payload.CopyTo(record.AsSpan(HeaderBytes));
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Crc32.HashToUInt32(record.AsSpan(12)));

            if (_current is null || _current.Bytes >= _options.MaxSegmentBytes)
            {
                Seal();
                _current = Segment.Create(_options.Directory, sequence);
            }
            _current.Data!.Write(record);
            _current.Data.Flush(flushToDisk: _options.Fsync);
            _current.Bytes += record.Length;
            _current.Outstanding++;
            _segmentOf[sequence] = _current;
            return sequence;
        }
    }

    /// <summary>Marks a record handled: it will not be returned again, and its segment goes once all of its records are handled.</summary>
    public void Acknowledge(long sequence)
    {
        lock (_lock)
        {
            if (_disposed || !_segmentOf.Remove(sequence, out var segment))
            {
                return;
            }
            Span<byte> ack = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(ack, sequence);
            segment.Acks ??= new FileStream(segment.AckPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            segment.Acks.Write(ack);
            segment.Acks.Flush();
            segment.Outstanding--;
            if (segment != _current && segment.Outstanding == 0)
            {
                segment.Delete();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var segment in _segmentOf.Values.Append(_current).Distinct())
            {
                segment?.Close();
            }
            _current?.Close();
        }
    }

    /// <summary>Closes the segment being written; deleted at once when nothing in it is outstanding.</summary>
    private void Seal()
    {
        if (_current is null)
        {
            return;
        }
        _current.Data?.Dispose();
        _current.Data = null;
        if (_current.Outstanding == 0)
        {
            _current.Delete();
        }
        _current = null;
    }

    private List<LoggedBatch> Recover()
    {
        var pending = new List<LoggedBatch>();
        var segments = Directory.GetFiles(_options.Directory, SegmentPrefix + "*.log")
            .Select(path => (Path: path, First: ParseFirst(path)))
            .Where(s => s.First >= 0)
            .OrderBy(s => s.First);
        foreach (var (path, first) in segments)
        {
            var segment = Segment.Existing(path);
            var acked = ReadAcks(segment.AckPath);
            var records = ReadRecords(path);
            foreach (var (sequence, batch) in records)
            {
                _nextSequence = Math.Max(_nextSequence, sequence + 1);
                if (acked.Contains(sequence))
                {
                    continue;
                }
                segment.Outstanding++;
                _segmentOf[sequence] = segment;
                pending.Add(new LoggedBatch(sequence, batch));
            }
            if (segment.Outstanding == 0)
            {
                segment.Delete();
            }
        }
        if (pending.Count > 0)
        {
            _logger.LogInformation("Persistent queue {Directory}: {Batches} batches ({Points} points) to send again", _options.Directory, pending.Count, pending.Sum(p => p.Batch.PointCount));
        }
        return pending;
    }

    private List<(long Sequence, MetricBatch Batch)> ReadRecords(string path)
    {
        var records = new List<(long, MetricBatch)>();
        var data = File.ReadAllBytes(path);
        var offset = 0;
        while (offset < data.Length)
        {
            var problem = ReadRecord(data.AsSpan(offset), out var sequence, out var batch, out var length);
            if (problem is not null)
            {
                _logger.LogWarning("Persistent queue {Path}: {Problem} at byte {Offset}; the rest of the segment ({Bytes} bytes) is skipped", path, problem, offset, data.Length - offset);
                break;
            }
            records.Add((sequence, batch!));
            offset += length;
        }
        return records;
    }

    /// <summary>Reads one record; the reason it cannot be read, or null.</summary>
    private static string? ReadRecord(ReadOnlySpan<byte> data, out long sequence, out MetricBatch? batch, out int length)
    {
        sequence = 0;
        batch = null;
        length = 0;
        if (data.Length < HeaderBytes)
        {
            return "a torn record header";
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic)
        {
            return "no record marker";
        }
        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (payloadLength > data.Length - HeaderBytes)
        {
            return "a torn record";
        }
        length = HeaderBytes + (int)payloadLength;
        if (Crc32.HashToUInt32(data[12..length]) != BinaryPrimitives.ReadUInt32LittleEndian(data[8..]))
        {
            return "a record whose checksum does not match";
        }
        sequence = BinaryPrimitives.ReadInt64LittleEndian(data[12..]);
        try
        {
            var decoded = OtlpMetricsDecoder.Decode(ExportMetricsServiceRequest.Parser.ParseFrom(data[HeaderBytes..length]));
            if (decoded.Batches.Count != 1)
            {
                return $"a record of {decoded.Batches.Count} resources";
            }
            batch = decoded.Batches[0];
            return null;
        }
        catch (InvalidProtocolBufferException e)
        {
            return $"a record that is not OTLP ({e.Message})";
        }
    }

    private static HashSet<long> ReadAcks(string path)
    {
        var acked = new HashSet<long>();
        if (!File.Exists(path))
        {
            return acked;
        }
        var data = File.ReadAllBytes(path);
        // A torn last acknowledgement (fewer than 8 bytes) is ignored: that batch is sent again.
        for (var offset = 0; offset + 8 <= data.Length; offset += 8)
        {
            acked.Add(BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(offset)));
        }
        return acked;
    }

    private static long ParseFirst(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return long.TryParse(name.AsSpan(SegmentPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var first) ? first : -1;
    }

    /// <summary>One segment file with its acknowledgement file.</summary>
    private sealed class Segment
    {
        private Segment(string path)
        {
            Path = path;
            AckPath = System.IO.Path.ChangeExtension(path, ".acks");
        }

        public string Path { get; }
        public string AckPath { get; }
        public FileStream? Data { get; set; }
        public FileStream? Acks { get; set; }
        public long Bytes { get; set; }
        public int Outstanding { get; set; }

        public static Segment Create(string directory, long first)
        {
            var segment = new Segment(System.IO.Path.Combine(directory, $"{SegmentPrefix}{first:D20}.log"));
            segment.Data = new FileStream(segment.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            return segment;
        }

        public static Segment Existing(string path) => new(path);

        public void Close()
        {
            Data?.Dispose();
            Data = null;
            Acks?.Dispose();
            Acks = null;
        }

        public void Delete()
        {
            Close();
            File.Delete(Path);
            File.Delete(AckPath);
        }
    }
}
