#include "sync/ImapBodyFetch.h"

#include "imap/ImapSession.h"

#include <QRegularExpression>

namespace tern::sync {

using imap::CommandResult;
using imap::ImapSession;

ImapBodyFetch::ImapBodyFetch(store::Database &db, store::AccountConfig account, net::Credentials creds, QString folder,
                             qint64 uid, QObject *parent)
    : ImapJob(std::move(account), std::move(creds), parent), m_db(db), m_folder(std::move(folder)), m_uid(uid)
{
}

void ImapBodyFetch::finish(const Status &s, const QByteArray &message)
{
    if (m_finished)
        return;
    m_finished = true;
    close([this, s, message] { emit finished(s, message); });
}

Status ImapBodyFetch::setSection(const QByteArray &section)
{
    static const QRegularExpression valid(QStringLiteral("^[1-9][0-9]{0,5}(\\.[1-9][0-9]{0,5}){0,31}$"));
    if (!valid.match(QString::fromLatin1(section)).hasMatch())
        return Error::invalid(QStringLiteral("'%1' is not a part number (like 1 or 2.1)").arg(QString::fromLatin1(section.left(80))));
    m_section = section;
    return success();
}

void ImapBodyFetch::run()
{
    open([this] {
        m_session = session();
        m_session->command("EXAMINE " + ImapSession::quoted(m_folder.toUtf8()), [this](const CommandResult &sel) {
            if (!sel.ok()) {
                finish(Error::network(QStringLiteral("cannot open %1: %2").arg(m_folder, QString::fromUtf8(sel.tagged.text))));
                return;
            }
            m_session->command("UID FETCH " + QByteArray::number(m_uid) + " (UID BODY.PEEK[" + m_section + "])", [this](const CommandResult &res) {
                QByteArray body;
                bool found = false;
                for (const auto &r : res.untagged) {
                    if (!r.isStatus("FETCH") || r.tokens.isEmpty())
                        continue;
                    const auto &items = r.tokens.first().items;
                    bool thisUid = false;
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        if (items.at(i).isAtom("UID"))
                            thisUid = items.at(i + 1).text.toLongLong() == m_uid;
                        if (items.at(i).text.toUpper() == "BODY[" + m_section + ']') {
                            body = items.at(i + 1).text;
                            found = true;
                        }
                    }
                    if (found && thisUid)
                        break;
                }
                if (!res.ok() || !found) {
                    finish(Error::notFound(QStringLiteral("message UID %1 is not in %2 on the server").arg(m_uid).arg(m_folder)));
                    return;
                }
                auto id = m_db.exec(QStringLiteral("SELECT m.id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                                   "WHERE b.account = ? AND b.name = ? AND m.uid = ?"), {m_account.name, m_folder, m_uid});
                if (id && id.value().next()) {
                    if (m_section.isEmpty())
                        (void)m_db.exec(QStringLiteral("INSERT OR REPLACE INTO bodies (message_id, raw) VALUES (?, ?)"),
                                        {id.value().value(0).toLongLong(), body});
                    else
                        (void)m_db.exec(QStringLiteral("INSERT OR REPLACE INTO parts (message_id, section, raw) VALUES (?, ?, ?)"),
                                        {id.value().value(0).toLongLong(), QString::fromLatin1(m_section), body});
                }
                finish(success(), body);
            });
        });
    }, [this](const Error &e) { finish(e); });
}

} // namespace tern::sync
