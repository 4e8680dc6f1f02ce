#include "threads/MessageIds.h"

#include <QSet>

namespace tern::threads {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Skips a comment or quoted string starting at `i` (on its opening character);
// returns the index after it. Comments nest (RFC 5322 §3.2.2); depth bounded.
qsizetype skipDelimited(const QByteArray &s, qsizetype i)
{
    const char open = s.at(i);
    int depth = 0;
    for (; i < s.size(); ++i) {
        const char c = s.at(i);
        if (c == '\\') {
            ++i;
            continue;
        }
        if (open == '"') {
            if (c == '"' && depth++ > 0)
                return i + 1;
            continue;
        }
        if (c == '(' && depth < 64)
            ++depth;
        else if (c == ')' && --depth == 0)
            return i + 1;
    }
    return i;
}

} // namespace

QList<QByteArray> parseMessageIds(const QString &field, int maxIds)
{
    // A longer field: its beginning and its end (the newest references), cut at an id's start.
    QString text = field;
    if (text.size() > kMaxScannedBytes) {
        QString tail = text.right(kMaxScannedBytes - 4096);
        tail = tail.mid(qMax<qsizetype>(0, tail.indexOf(QLatin1Char('<'))));
        text = text.left(4096) + QLatin1Char(' ') + tail;
    }
    const QByteArray s = text.toUtf8();
    QList<QByteArray> ids;
    for (qsizetype i = 0; i < s.size() && ids.size() < maxIds;) {
        const char c = s.at(i);
        if (isSpace(c) || c == ',' || c == ';') {
            ++i;
        } else if (c == '(' || c == '"') {
            i = skipDelimited(s, i);
        } else if (c == '<') {
            QByteArray id;
            qsizetype j = i + 1;
            for (; j < s.size() && s.at(j) != '>'; ++j) {
                if (s.at(j) == '<') {   // "<<id>" or an unclosed '<': start again here
                    id.clear();
                    continue;
                }
                if (!isSpace(s.at(j)) && id.size() <= kMaxIdLength)
                    id += s.at(j);
            }
            if (j < s.size() && !id.isEmpty() && id.size() <= kMaxIdLength)
                ids.append(id);
            i = j + 1;
        } else {
            // A bare token: an id only if it looks like local@domain.
            qsizetype j = i;
            while (j < s.size() && !isSpace(s.at(j)) && s.at(j) != '<' && s.at(j) != '(' && s.at(j) != ',' && s.at(j) != ';')
                ++j;
            const QByteArray token = s.mid(i, j - i);
            if (token.contains('@') && !token.contains('"') && token.size() <= kMaxIdLength && !token.startsWith('@')
                && !token.endsWith('@'))
                ids.append(token);
            i = j;
        }
    }
    return ids;
}

QByteArray parseMessageId(const QString &field)
{
    const QList<QByteArray> ids = parseMessageIds(field, 1);
    return ids.isEmpty() ? QByteArray() : ids.first();
}

QList<QByteArray> parentChain(const QString &references, const QString &inReplyTo, const QByteArray &self)
{
    QList<QByteArray> refs = parseMessageIds(references);
    // In-Reply-To names the parent; its first id only (the rest is often a quoted address).
    const QByteArray parent = parseMessageId(inReplyTo);
    if (!parent.isEmpty() && (refs.isEmpty() || refs.last() != parent)) {
        refs.removeAll(parent);
        refs.append(parent);
    }
    // Repeats (a loop within one header) and the message itself go: keep the last place of each.
    QSet<QByteArray> seen;
    QList<QByteArray> chain;
    for (qsizetype i = refs.size() - 1; i >= 0; --i) {
        const QByteArray &id = refs.at(i);
        if (id == self || seen.contains(id))
            continue;
        seen.insert(id);
        chain.prepend(id);
    }
    if (chain.size() > kMaxReferences)
        chain = QList<QByteArray>{chain.first()} + chain.mid(chain.size() - (kMaxReferences - 1));
    return chain;
}

} // namespace tern::threads
