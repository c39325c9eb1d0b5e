using System;
using System.Text;
using Torsion.Protocols;

namespace Torsion.Samples.Chat;

/// <summary>
/// One member of the chat room. Lines end with "\n" (a "\r" before it is ignored, so telnet works
/// too): "/nick NAME" renames, "/quit" leaves, anything else is said to everyone else.
/// </summary>
public sealed class ChatProtocol : LineReceiver
{
    private readonly ChatRoom _room;
    private string? _name;

    /// <summary>Creates a member of <paramref name="room"/>.</summary>
    public ChatProtocol(ChatRoom room)
    {
        _room = room;
        Delimiter = "\n"u8.ToArray();
        MaxLength = 1024;
    }

    /// <inheritdoc/>
    public override void ConnectionMade()
    {
        _name = _room.Join(this);
        SendLine($"* welcome, {_name}! commands: /nick NAME, /quit");
        _room.Broadcast($"* {_name} joined", except: this);
    }

    /// <inheritdoc/>
    protected override void LineReceived(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        string text = Encoding.UTF8.GetString(line);
        if (text.Length == 0)
        {
            return;
        }

        if (text == "/quit")
        {
            SendLine("* bye!");
            Transport.LoseConnection();
        }
        else if (text.StartsWith("/nick", StringComparison.Ordinal))
        {
            Rename(text.Substring(5).Trim());
        }
        else if (text.StartsWith('/'))
        {
            SendLine($"! unknown command {text.Split(' ')[0]} (commands: /nick NAME, /quit)");
        }
        else
        {
            _room.Broadcast($"<{_name}> {text}", except: this);
        }
    }

    private void Rename(string wanted)
    {
        if (wanted.Length == 0 || wanted.Length > 32 || wanted.Contains(' ', StringComparison.Ordinal))
        {
            SendLine("! a name is 1 to 32 characters without spaces: /nick NAME");
        }
        else if (!_room.Rename(_name!, wanted))
        {
            SendLine($"! {wanted} is taken");
        }
        else
        {
            string old = _name!;
            _name = wanted;
            _room.Broadcast($"* {old} is now known as {wanted}");
        }
    }

    /// <inheritdoc/>
    protected override void LineLengthExceeded(ReadOnlySpan<byte> line)
    {
        SendLine($"! lines are at most {MaxLength} bytes");
        Transport.LoseConnection();
    }

    /// <inheritdoc/>
    public override void ConnectionLost(Failure reason)
    {
        if (_name is not null)
        {
            _room.Leave(_name);
            _room.Broadcast($"* {_name} left");
            _name = null;
        }
    }
}
