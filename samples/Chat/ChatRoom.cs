using System;
using System.Collections.Generic;

namespace Torsion.Samples.Chat;

/// <summary>The factory of the chat: builds a <see cref="ChatProtocol"/> per connection and keeps who is in the room.</summary>
public sealed class ChatRoom : ServerFactory
{
    private readonly Dictionary<string, ChatProtocol> _members = new(StringComparer.OrdinalIgnoreCase);
    private int _guests;

    /// <inheritdoc/>
    public override IProtocol? BuildProtocol(IAddress address) => new ChatProtocol(this) { Factory = this };

    /// <summary>Who is in the room.</summary>
    public IReadOnlyCollection<string> Names => _members.Keys;

    /// <summary>Adds a member under a new guest name and returns it.</summary>
    public string Join(ChatProtocol member)
    {
        string name;
        do
        {
            name = "guest" + ++_guests;
        }
        while (_members.ContainsKey(name));

        _members[name] = member;
        return name;
    }

    /// <summary>Renames a member; false when the name is taken.</summary>
    public bool Rename(string oldName, string newName)
    {
        if (_members.ContainsKey(newName) && !string.Equals(oldName, newName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ChatProtocol member = _members[oldName];
        _members.Remove(oldName);
        _members[newName] = member;
        return true;
    }

    /// <summary>Removes a member.</summary>
    public void Leave(string name) => _members.Remove(name);

    /// <summary>Sends <paramref name="line"/> to every member except <paramref name="except"/>.</summary>
    public void Broadcast(string line, ChatProtocol? except = null)
    {
        foreach (ChatProtocol member in _members.Values)
        {
            if (!ReferenceEquals(member, except))
            {
                member.SendLine(line);
            }
        }
    }
}
