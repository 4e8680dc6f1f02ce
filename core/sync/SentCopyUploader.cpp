#include "sync/SentCopyUploader.h"

#include "imap/ImapSession.h"
#include "smtp/SmtpSession.h"

namespace tern::sync {

using imap::CommandResult;
using imap::ImapSession;

SentCopyUploader::SentCopyUploader(store::Database &db, store::AccountConfig account, net::Credentials creds, QObject *parent)
    : ImapJob(std::move(account), std::move(creds), parent), m_outbox(db)
{
}

void SentCopyUploader::finish(const Status &s)
{
    if (m_finished)
        return;
    m_finished = true;
    close([this, s] { emit finished(s, m_appended); });
}

void SentCopyUploader::run()
{
    auto pending = m_outbox.pendingSentCopies(m_account.name);
    if (!pending) {
        finish(pending.error());
        return;
    }
    m_pending = pending.value();
    if (m_pending.isEmpty() || !m_account.imap) {
        finish(success());
        return;
    }
    open([this] {
        m_session = session();
        findSentMailbox();
    }, [this](const Error &e) { finish(e); });
}

void SentCopyUploader::findSentMailbox()
{
    // RFC 6154: the server says which mailbox is for sent mail.
    const bool specialUse = m_session->hasCapability("SPECIAL-USE");
    m_session->command(specialUse ? "LIST (SPECIAL-USE) \"\" \"*\"" : "LIST \"\" \"*\"", [this](const CommandResult &res) {
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("LIST failed: %1").arg(QString::fromUtf8(res.tagged.text))));
            return;
        }
        QByteArray byName;
        for (const auto &r : res.untagged) {
            if (!r.isStatus("LIST") || r.tokens.size() < 3)
                continue;
            const QByteArray name = r.tokens.at(2).text;
            for (const auto &flag : r.tokens.at(0).items)
                if (flag.isAtom("\\Sent")) {
                    useMailbox(name);
                    return;
                }
            if (name.compare("Sent", Qt::CaseInsensitive) == 0 || name.compare("Sent Items", Qt::CaseInsensitive) == 0)
                byName = name;
        }
        if (!byName.isEmpty()) {
            useMailbox(byName);
            return;
        }
        m_session->command("CREATE \"Sent\"", [this](const CommandResult &created) {
            if (!created.ok()) {
                finish(Error::network(QStringLiteral("no Sent mailbox, and CREATE failed: %1").arg(QString::fromUtf8(created.tagged.text))));
                return;
            }
            useMailbox("Sent");
        });
    });
}

void SentCopyUploader::useMailbox(const QByteArray &name)
{
    m_sent = name;
    m_session->command("EXAMINE " + ImapSession::quoted(name), [this](const CommandResult &res) {
        if (!res.ok()) {
            finish(Error::network(QStringLiteral("cannot open %1: %2").arg(QString::fromUtf8(m_sent), QString::fromUtf8(res.tagged.text))));
            return;
        }
        uploadNext();
    });
}

void SentCopyUploader::uploadNext()
{
    if (m_finished)
        return;
    if (++m_index >= m_pending.size()) {
        finish(success());
        return;
    }
    const store::OutboxEntry &e = m_pending.at(m_index);
    auto append = [this, id = e.id, raw = e.raw] {
        m_session->append(m_sent, "\\Seen", smtp::canonicalLineEnds(raw), [this, id](const CommandResult &res) {
            if (!res.ok()) {
                finish(Error::network(QStringLiteral("APPEND to %1 failed: %2").arg(QString::fromUtf8(m_sent), QString::fromUtf8(res.tagged.text))));
                return;
            }
            ++m_appended;
            if (auto s = m_outbox.markSentCopyAppended(id); !s) {
                finish(s);
                return;
            }
            uploadNext();
        });
    };
    // Already there (a crash after APPEND, before we noted it)? Then only note it.
    const QByteArray msgId = e.messageIdHeader.toUtf8().trimmed();
    if (msgId.isEmpty() || msgId.contains('"') || msgId.contains('\\')) {
        append();
        return;
    }
    m_session->command("UID SEARCH HEADER Message-ID " + ImapSession::quoted(msgId), [this, append, id = e.id](const CommandResult &res) {
        bool found = false;
        for (const auto &r : res.untagged)
            if (r.isStatus("SEARCH") && !r.tokens.isEmpty())
                found = true;
        if (!found) {
            append();
            return;
        }
        if (auto s = m_outbox.markSentCopyAppended(id); !s) {
            finish(s);
            return;
        }
        uploadNext();
    });
}

} // namespace tern::sync
