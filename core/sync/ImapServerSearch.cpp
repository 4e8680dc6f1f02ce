#include "sync/ImapServerSearch.h"

#include "imap/ImapSession.h"
#include "imap/SequenceSet.h"

namespace tern::sync {

using imap::CommandResult;
using imap::ImapSession;

ImapServerSearch::ImapServerSearch(store::AccountConfig account, net::Credentials creds, QStringList folders, QByteArray criteria,
                                   QObject *parent)
    : ImapJob(std::move(account), std::move(creds), parent), m_folders(std::move(folders)), m_criteria(std::move(criteria))
{
    if (m_folders.size() > MaxFolders)
        m_folders = m_folders.mid(0, MaxFolders);
}

void ImapServerSearch::finish(const Status &s)
{
    if (m_finished)
        return;
    m_finished = true;
    close([this, s] { emit finished(s, m_uids, m_problems); });
}

void ImapServerSearch::run()
{
    open([this] {
        m_session = session();
        next();
    }, [this](const Error &e) { finish(e); });
}

void ImapServerSearch::next()
{
    if (m_index >= m_folders.size()) {
        finish(success());
        return;
    }
    const QString folder = m_folders.at(m_index++);
    m_session->command("EXAMINE " + ImapSession::quoted(folder.toUtf8()), [this, folder](const CommandResult &sel) {
        if (!sel.ok()) {
            m_problems << QStringLiteral("%1: %2").arg(folder, QString::fromUtf8(sel.tagged.text));
            next();
            return;
        }
        const bool esearch = m_session->hasCapability("ESEARCH") || m_session->isEnabled("IMAP4REV2");
        // The criteria's literals ("{6+}\r\nrenée", search::serverQuery) become parts of their own.
        QList<QByteArray> parts{QByteArray("UID SEARCH ") + (esearch ? "RETURN (ALL) " : "") + "CHARSET UTF-8 "};
        qsizetype at = 0;
        for (;;) {
            const qsizetype mark = m_criteria.indexOf("+}\r\n", at);
            const qsizetype open = mark < 0 ? -1 : m_criteria.lastIndexOf('{', mark);
            if (open < at || mark < 0) {
                parts.last() += m_criteria.mid(at);
                break;
            }
            const qsizetype length = m_criteria.mid(open + 1, mark - open - 1).toLongLong();
            parts.last() += m_criteria.mid(at, open - at);
            parts << m_criteria.mid(mark + 4, length) << QByteArray();
            at = mark + 4 + length;
        }
        m_session->commandWithLiterals(parts, [this, folder](const CommandResult &res) {
            if (!res.ok()) {
                m_problems << QStringLiteral("%1: %2").arg(folder, QString::fromUtf8(res.tagged.text));
                next();
                return;
            }
            auto uids = imap::searchResultUids(res.untagged, MaxUids);
            if (!uids)
                m_problems << QStringLiteral("%1: %2").arg(folder, uids.error().message);
            else
                m_uids.insert(folder, uids.value());
            next();
        });
    });
}

} // namespace tern::sync
