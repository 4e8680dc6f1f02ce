#pragma once
// Conversations from Message-ID, References and In-Reply-To: Jamie Zawinski's
// threading algorithm (https://www.jwz.org/doc/threading.html), kept
// incremental. add() is JWZ's step 1 (the id table and the links between
// containers) and can be called as messages arrive; tree() runs the rest on
// a copy (root set, pruning empty containers, optional subject grouping,
// sorting) so the links stay as the messages made them.
//
// Untrusted input never hangs or crashes it: a link that would make a loop is
// refused, a duplicate Message-ID gets a container of its own, ancestor walks
// are bounded (a longer chain is not linked further), and no step recurses.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <vector>

namespace tern::threads {

struct ThreadMessage {
    qint64 id = 0;              // the caller's id (a cache row); never 0
    QByteArray messageId;       // parsed (MessageIds.h); empty when missing
    QList<QByteArray> parents;  // parentChain(): oldest first
    qint64 date = 0;            // sort key (seconds)
    QString subject;            // decoded; used only with subject grouping
};

struct ThreadOptions {
    bool groupBySubject = false;   // JWZ step 5: off by default (unrelated "Hello"s join)
    bool newestThreadFirst = true; // roots ordered by their newest message
};

// The forest, flattened in pre-order: a thread's rows are contiguous, a
// node's subtree is [i, i + size). A dummy node (message 0) stands for a
// missing parent shared by several messages.
struct ThreadTree {
    struct Node {
        qint64 message = 0;   // 0: a dummy
        int parent = -1;      // node index, -1 for a root
        int row = 0;          // among its siblings
        int depth = 0;
        int size = 1;         // nodes in its subtree, itself included
        int childBegin = 0;   // its children are children[childBegin, childBegin + childCount)
        int childCount = 0;
        qint64 newest = 0;    // newest date in its subtree
    };
    std::vector<Node> nodes;
    std::vector<int> roots;      // node indexes of the roots, in display order
    std::vector<int> children;   // see Node::childBegin
    int indexOf(qint64 message) const;   // linear; tests and tools
};

class Threader {
public:
    void add(const ThreadMessage &m);
    int messageCount() const { return int(m_messages.size()); }
    ThreadTree tree(const ThreadOptions &options = {}) const;

    static constexpr int kMaxWalk = 2000;   // ancestors looked at when linking

    // The subject JWZ compares: without Re:/Fwd:/AW:/SV: prefixes (also "Re[2]:")
    // and [list] tags, white space simplified, case folded; `isReply` when a
    // reply prefix was removed.
    static QString baseSubject(const QString &subject, bool *isReply = nullptr);

private:
    struct Container {
        int message = -1;   // index into m_messages, -1: empty
        int parent = -1;
        int firstChild = -1;
        int nextSibling = -1;
    };
    int containerFor(const QByteArray &id);
    bool isAncestor(int maybeAncestor, int of) const;   // true also when unsure (walk too long)
    void unlink(int c);
    void link(int parent, int child);

    std::vector<Container> m_containers;
    std::vector<ThreadMessage> m_messages;
    QHash<QByteArray, int> m_ids;
};

} // namespace tern::threads
