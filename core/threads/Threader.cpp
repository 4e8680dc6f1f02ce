#include "threads/Threader.h"

#include <algorithm>
#include <limits>

namespace tern::threads {

// ---- Step 1: the id table and the links (incremental) ----

int Threader::containerFor(const QByteArray &id)
{
    const auto it = m_ids.constFind(id);
    if (it != m_ids.constEnd())
        return *it;
    m_containers.push_back({});
    const int c = int(m_containers.size()) - 1;
    m_ids.insert(id, c);
    return c;
}

bool Threader::isAncestor(int maybeAncestor, int of) const
{
    int steps = 0;
    for (int x = of; x != -1; x = m_containers[size_t(x)].parent) {
        if (x == maybeAncestor || ++steps > kMaxWalk)
            return true;   // a loop, or a chain too long to be sure: do not link
    }
    return false;
}

void Threader::unlink(int c)
{
    Container &x = m_containers[size_t(c)];
    if (x.parent == -1)
        return;
    // Children lists are singly linked; unlinking happens at most once per message (JWZ 1C).
    int *slot = &m_containers[size_t(x.parent)].firstChild;
    while (*slot != -1 && *slot != c)
        slot = &m_containers[size_t(*slot)].nextSibling;
    if (*slot == c)
        *slot = x.nextSibling;
    x.parent = -1;
    x.nextSibling = -1;
}

void Threader::link(int parent, int child)
{
    Container &c = m_containers[size_t(child)];
    c.parent = parent;
    c.nextSibling = m_containers[size_t(parent)].firstChild;
    m_containers[size_t(parent)].firstChild = child;
}

void Threader::add(const ThreadMessage &m)
{
    m_messages.push_back(m);
    const int index = int(m_messages.size()) - 1;
    // 1A: the message's container: the one its id names (perhaps made empty by
    // an earlier reference), or its own when the id is missing or already taken
    // by another message (a duplicate Message-ID is a message of its own).
    int c = -1;
    if (!m.messageId.isEmpty()) {
        const auto it = m_ids.constFind(m.messageId);
        if (it == m_ids.constEnd())
            c = containerFor(m.messageId);
        else if (m_containers[size_t(*it)].message == -1)
            c = *it;
    }
    if (c == -1) {
        m_containers.push_back({});
        c = int(m_containers.size()) - 1;
    }
    m_containers[size_t(c)].message = index;

    // 1B: each reference is the parent of the next, unless that one already has
    // a parent or the link would make a loop.
    int previous = -1;
    for (const QByteArray &ref : m.parents) {
        const int r = containerFor(ref);
        if (previous != -1 && r != previous && m_containers[size_t(r)].parent == -1 && !isAncestor(r, previous))
            link(previous, r);
        previous = r;
    }
    // 1C: the message's parent is its last reference: it knows best, so an
    // earlier guess from other messages' References is replaced. None: a root.
    const int parent = previous;
    if (m_containers[size_t(c)].parent == parent)
        return;
    if (parent == -1) {
        unlink(c);
        return;
    }
    if (parent == c || isAncestor(c, parent))
        return;   // a loop (a reference to itself or to a descendant): keep what is there
    unlink(c);
    link(parent, c);
}

// ---- Steps 2-6 on a copy ----

namespace {

struct Work {
    int message = -1;          // index into the messages, -1: dummy
    std::vector<int> kids;     // Work indexes
    qint64 oldest = 0, newest = 0;
    bool removed = false;
};

} // namespace

QString Threader::baseSubject(const QString &subject, bool *isReply)
{
    if (isReply)
        *isReply = false;
    QString s = subject.left(1000).simplified();
    for (int round = 0; round < 20; ++round) {
        if (s.startsWith(QLatin1Char('['))) {   // a list tag: "[dev] Re: …"
            const qsizetype close = s.indexOf(QLatin1Char(']'));
            if (close > 0 && close < 80) {
                s = s.mid(close + 1).trimmed();
                continue;
            }
        }
        bool stripped = false;
        for (const char *prefix : {"re", "aw", "sv", "antw"}) {
            const QLatin1String p(prefix);
            if (!s.startsWith(p, Qt::CaseInsensitive))
                continue;
            qsizetype i = p.size();
            if (i < s.size() && (s.at(i) == QLatin1Char('[') || s.at(i) == QLatin1Char('('))) {   // "Re[2]:", "Re(2):"
                const QChar close = s.at(i) == QLatin1Char('[') ? QLatin1Char(']') : QLatin1Char(')');
                qsizetype j = i + 1;
                while (j < s.size() && j < i + 6 && s.at(j).isDigit())
                    ++j;
                if (j < s.size() && s.at(j) == close && j > i + 1)
                    i = j + 1;
            }
            if (i < s.size() && (s.at(i) == QLatin1Char(':') || s.at(i) == QChar(0xFF1A))) {
                s = s.mid(i + 1).trimmed();
                stripped = true;
                if (isReply)
                    *isReply = true;
                break;
            }
        }
        if (!stripped)
            break;
    }
    return s.toCaseFolded();
}

ThreadTree Threader::tree(const ThreadOptions &options) const
{
    std::vector<Work> work;
    work.reserve(m_messages.size() + 16);
    // The message containers a container stands for once empty ones are
    // pruned: an empty container's children take its place (JWZ step 4).
    std::vector<int> stack;
    const auto effectiveKids = [&](int container, std::vector<int> &out) {
        out.clear();
        stack.clear();
        for (int k = m_containers[size_t(container)].firstChild; k != -1; k = m_containers[size_t(k)].nextSibling)
            stack.push_back(k);
        while (!stack.empty()) {
            const int x = stack.back();
            stack.pop_back();
            if (m_containers[size_t(x)].message != -1) {
                out.push_back(x);
                continue;
            }
            for (int k = m_containers[size_t(x)].firstChild; k != -1; k = m_containers[size_t(k)].nextSibling)
                stack.push_back(k);
        }
    };
    // Steps 2 and 4: the root set, pruned. A dummy root stays only when it
    // holds several messages (siblings whose common parent is missing).
    std::vector<int> roots, kids, pending;   // pending: (work, container) pairs to expand
    std::vector<int> pendingContainer;
    const auto newWork = [&](int message) {
        work.push_back({});
        work.back().message = message;
        return int(work.size()) - 1;
    };
    for (size_t c = 0; c < m_containers.size(); ++c) {
        if (m_containers[c].parent != -1)
            continue;
        if (m_containers[c].message != -1) {
            roots.push_back(newWork(m_containers[c].message));
            pending.push_back(roots.back());
            pendingContainer.push_back(int(c));
            continue;
        }
        effectiveKids(int(c), kids);
        if (kids.empty())
            continue;
        if (kids.size() == 1) {
            roots.push_back(newWork(m_containers[size_t(kids[0])].message));
            pending.push_back(roots.back());
            pendingContainer.push_back(kids[0]);
            continue;
        }
        const int dummy = newWork(-1);
        roots.push_back(dummy);
        const std::vector<int> dummyKids = kids;
        for (int k : dummyKids) {
            const int w = newWork(m_containers[size_t(k)].message);
            work[size_t(dummy)].kids.push_back(w);
            pending.push_back(w);
            pendingContainer.push_back(k);
        }
    }
    // Every message node's children, without recursion.
    while (!pending.empty()) {
        const int w = pending.back(), c = pendingContainer.back();
        pending.pop_back();
        pendingContainer.pop_back();
        effectiveKids(c, kids);
        const std::vector<int> mine = kids;
        for (int k : mine) {
            const int child = newWork(m_containers[size_t(k)].message);
            work[size_t(w)].kids.push_back(child);
            pending.push_back(child);
            pendingContainer.push_back(k);
        }
    }

    // Step 5 (optional): roots with the same base subject join.
    if (options.groupBySubject) {
        const auto subjectOf = [&](int w) -> const QString & {
            static const QString none;
            const Work &x = work[size_t(w)];
            if (x.message != -1)
                return m_messages[size_t(x.message)].subject;
            return x.kids.empty() ? none : m_messages[size_t(work[size_t(x.kids[0])].message)].subject;
        };
        QHash<QString, int> table;   // base subject -> root Work index
        QHash<int, bool> reply;
        std::vector<QString> bases(roots.size());
        for (size_t i = 0; i < roots.size(); ++i) {
            const int r = roots[i];
            bool isReply = false;
            bases[i] = baseSubject(subjectOf(r), &isReply);
            reply.insert(r, isReply);
            if (bases[i].isEmpty())
                continue;
            const auto it = table.constFind(bases[i]);
            if (it == table.constEnd()) {
                table.insert(bases[i], r);
                continue;
            }
            const int old = *it;
            const bool oldDummy = work[size_t(old)].message == -1, dummy = work[size_t(r)].message == -1;
            if ((dummy && !oldDummy) || (!dummy && !oldDummy && reply.value(old) && !isReply))
                table.insert(bases[i], r);
        }
        for (size_t i = 0; i < roots.size(); ++i) {
            const int r = roots[i];
            if (bases[i].isEmpty() || work[size_t(r)].removed)
                continue;
            const int t = table.value(bases[i], -1);
            if (t == -1 || t == r)
                continue;
            Work &that = work[size_t(t)];
            const bool thatDummy = that.message == -1, thisDummy = work[size_t(r)].message == -1;
            if (thatDummy && thisDummy) {
                const std::vector<int> moved = work[size_t(r)].kids;
                work[size_t(t)].kids.insert(work[size_t(t)].kids.end(), moved.begin(), moved.end());
            } else if (thatDummy || (!reply.value(t) && reply.value(r))) {
                work[size_t(t)].kids.push_back(r);   // under the dummy, or a reply under the original
            } else {
                // Neither is the other's reply: both under a new dummy, in the table's place.
                const int dummy = newWork(-1);
                work[size_t(dummy)].kids = {t, r};
                work[size_t(t)].removed = true;
                table.insert(bases[i], dummy);
                reply.insert(dummy, false);
                for (int &root : roots)
                    if (root == t)
                        root = dummy;
            }
            work[size_t(r)].removed = true;
        }
        std::vector<int> kept;
        for (int r : roots)
            if (!work[size_t(r)].removed)
                kept.push_back(r);
        for (int r : kept)
            work[size_t(r)].removed = false;
        roots.swap(kept);
    }

    // Step 6: dates up the tree (children before parents: a pre-order walked
    // backwards), then siblings by date.
    std::vector<int> preorder;
    preorder.reserve(work.size());
    stack.assign(roots.begin(), roots.end());
    while (!stack.empty()) {
        const int w = stack.back();
        stack.pop_back();
        preorder.push_back(w);
        stack.insert(stack.end(), work[size_t(w)].kids.begin(), work[size_t(w)].kids.end());
    }
    for (size_t i = preorder.size(); i-- > 0;) {
        Work &w = work[size_t(preorder[i])];
        if (w.message != -1) {
            w.oldest = w.newest = m_messages[size_t(w.message)].date;
        } else {
            w.oldest = std::numeric_limits<qint64>::max();
            w.newest = std::numeric_limits<qint64>::min();
        }
        for (int k : w.kids) {
            w.oldest = std::min(w.oldest, work[size_t(k)].oldest);
            w.newest = std::max(w.newest, work[size_t(k)].newest);
        }
    }
    const auto messageId = [&](int w) { return work[size_t(w)].message == -1 ? qint64(0) : m_messages[size_t(work[size_t(w)].message)].id; };
    for (Work &w : work)
        std::sort(w.kids.begin(), w.kids.end(), [&](int a, int b) {
            const Work &x = work[size_t(a)], &y = work[size_t(b)];
            return x.oldest != y.oldest ? x.oldest < y.oldest : messageId(a) < messageId(b);
        });
    std::sort(roots.begin(), roots.end(), [&](int a, int b) {
        const Work &x = work[size_t(a)], &y = work[size_t(b)];
        if (x.newest != y.newest)
            return options.newestThreadFirst ? x.newest > y.newest : x.newest < y.newest;
        return messageId(a) < messageId(b);
    });

    // Flattened in pre-order.
    ThreadTree t;
    std::vector<int> order, nodeOf(work.size(), -1);
    order.reserve(work.size());
    stack.assign(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
        const int w = stack.back();
        stack.pop_back();
        nodeOf[size_t(w)] = int(order.size());
        order.push_back(w);
        const auto &k = work[size_t(w)].kids;
        stack.insert(stack.end(), k.rbegin(), k.rend());
    }
    t.nodes.resize(order.size());
    t.children.reserve(order.size());
    for (size_t n = 0; n < order.size(); ++n) {
        const Work &w = work[size_t(order[n])];
        ThreadTree::Node &node = t.nodes[n];
        node.message = messageId(order[n]);
        node.newest = w.newest;
        node.childBegin = int(t.children.size());
        node.childCount = int(w.kids.size());
        int row = 0;
        for (int k : w.kids) {
            const int kn = nodeOf[size_t(k)];
            t.children.push_back(kn);
            t.nodes[size_t(kn)].parent = int(n);
            t.nodes[size_t(kn)].row = row++;
            t.nodes[size_t(kn)].depth = node.depth + 1;
        }
    }
    for (size_t n = t.nodes.size(); n-- > 0;)
        for (int i = 0; i < t.nodes[n].childCount; ++i)
            t.nodes[n].size += t.nodes[size_t(t.children[size_t(t.nodes[n].childBegin + i)])].size;
    int row = 0;
    for (int r : roots) {
        t.roots.push_back(nodeOf[size_t(r)]);
        t.nodes[size_t(nodeOf[size_t(r)])].row = row++;
    }
    return t;
}

int ThreadTree::indexOf(qint64 message) const
{
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].message == message)
            return int(i);
    return -1;
}

} // namespace tern::threads
