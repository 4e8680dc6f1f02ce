#include "store/AccountConfig.h"

#include <QFileInfo>
#include <cstdio>
#include <QRegularExpression>
#include <QFile>
#include <QSettings>

namespace tern::store {

QString modeName(AccountMode m)
{
    switch (m) {
    case AccountMode::Online: return QStringLiteral("online");
    case AccountMode::Disconnected: return QStringLiteral("disconnected");
    case AccountMode::Offline: return QStringLiteral("offline");
    }
    return {};
}

std::optional<AccountMode> modeFromName(const QString &name)
{
    for (auto m : {AccountMode::Online, AccountMode::Disconnected, AccountMode::Offline})
        if (modeName(m) == name)
            return m;
    return std::nullopt;
}

Result<LeaveOnServer> LeaveOnServer::parse(const QString &text)
{
    LeaveOnServer p;
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return Error::invalid(QStringLiteral("empty leave-on-server policy"));
    for (const QString &raw : parts) {
        const QString part = raw.trimmed();
        if (part == QLatin1String("keep")) {
            p.keep = true;
        } else if (part == QLatin1String("delete")) {
            p.keep = false;
        } else if (part == QLatin1String("until-deleted")) {
            p.untilDeletedHere = true;
        } else if (part.startsWith(QLatin1String("days="))) {
            bool ok = false;
            p.maxDays = part.mid(5).toInt(&ok);
            if (!ok || p.maxDays < 1 || p.maxDays > 36500)
                return Error::invalid(QStringLiteral("'%1': days must be 1 to 36500").arg(part));
        } else {
            return Error::invalid(QStringLiteral("'%1' is not a leave-on-server policy (keep, delete, days=N, until-deleted)").arg(part));
        }
    }
    if (!p.keep && (p.maxDays || p.untilDeletedHere))
        return Error::invalid(QStringLiteral("'delete' already deletes at once; days=N and until-deleted go with keep"));
    return p;
}

QString LeaveOnServer::toString() const
{
    if (!keep)
        return QStringLiteral("delete");
    QStringList parts{QStringLiteral("keep")};
    if (maxDays)
        parts << QStringLiteral("days=%1").arg(maxDays);
    if (untilDeletedHere)
        parts << QStringLiteral("until-deleted");
    return parts.join(QLatin1Char(','));
}

Status AccountConfig::validate() const
{
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!nameRe.match(name).hasMatch())
        return Error::invalid(QStringLiteral("account name '%1' must be 1-64 letters, digits, '.', '_' or '-'").arg(name));
    if (imap.has_value() == pop3.has_value())
        return Error::invalid(QStringLiteral("account '%1' needs exactly one of --imap or --pop3").arg(name));
    if (pop3 && mode != AccountMode::Offline)
        return Error::invalid(QStringLiteral("a POP3 account is always in offline mode"));
    if (imap && mode == AccountMode::Offline)
        return Error::invalid(QStringLiteral("offline mode is for POP3; an IMAP account is online or disconnected"));
    if (!caFile.isEmpty() && !QFileInfo(caFile).isReadable())
        return Error::invalid(QStringLiteral("CA file %1 is not readable").arg(caFile));
    return success();
}

Result<QList<AccountConfig>> AccountStore::load() const
{
    QList<AccountConfig> out;
    if (!QFileInfo::exists(m_file))
        return out;
    QSettings ini(m_file, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError)
        return Error::io(QStringLiteral("cannot read %1").arg(m_file));
    const QStringList names = ini.childGroups();
    for (const QString &group : names) {
        ini.beginGroup(group);
        AccountConfig a;
        a.name = group;
        a.address = ini.value(QStringLiteral("address")).toString();
        a.caFile = ini.value(QStringLiteral("ca-file")).toString();
        a.passwordEnv = ini.value(QStringLiteral("password-env")).toString();
        a.oauth = ini.value(QStringLiteral("auth")).toString() == QLatin1String("oauth2");
        if (ini.contains(QStringLiteral("leave-on-server"))) {
            // Unquoted commas make QSettings read a list: accept both spellings.
            const QVariant v = ini.value(QStringLiteral("leave-on-server"));
            auto policy = LeaveOnServer::parse(v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(','))
                                                                                   : v.toString());
            if (!policy)
                return Error::invalid(QStringLiteral("%1: account %2: %3").arg(m_file, group, policy.error().message));
            a.leaveOnServer = policy.value();
        }
        const auto mode = modeFromName(ini.value(QStringLiteral("mode")).toString());
        if (!mode)
            return Error::invalid(QStringLiteral("%1: account %2 has an unknown mode").arg(m_file, group));
        a.mode = *mode;
        const std::pair<const char *, net::Protocol> keys[] = {
            {"imap", net::Protocol::Imap}, {"pop3", net::Protocol::Pop3}, {"smtp", net::Protocol::Smtp}};
        for (const auto &[key, proto] : keys) {
            const QString text = ini.value(QLatin1String(key)).toString();
            if (text.isEmpty())
                continue;
            auto url = net::ServerUrl::parse(text, proto);
            if (!url)
                return Error::invalid(QStringLiteral("%1: account %2: %3").arg(m_file, group, url.error().message));
            (proto == net::Protocol::Imap ? a.imap : proto == net::Protocol::Pop3 ? a.pop3 : a.smtp) = url.value();
        }
        ini.endGroup();
        out.append(a);
    }
    return out;
}

Status AccountStore::add(const AccountConfig &account)
{
    if (auto s = account.validate(); !s)
        return s;
    auto existing = load();
    if (!existing)
        return existing.error();
    for (const auto &a : existing.value())
        if (a.name == account.name)
            return Error::conflict(QStringLiteral("an account named '%1' exists already").arg(account.name));
    existing.value().append(account);
    return save(existing.value());
}

Status AccountStore::remove(const QString &name)
{
    auto existing = load();
    if (!existing)
        return existing.error();
    QList<AccountConfig> kept;
    for (const auto &a : existing.value())
        if (a.name != name)
            kept.append(a);
    if (kept.size() == existing.value().size())
        return Error::notFound(QStringLiteral("no account named '%1'").arg(name));
    return save(kept);
}

Status AccountStore::save(const QList<AccountConfig> &accounts) const
{
    // QSettings writes in place; write a temporary INI and commit it atomically
    // so a crash never leaves a half-written accounts file.
    const QString tmp = m_file + QStringLiteral(".new");
    QFile::remove(tmp);
    {
        QSettings ini(tmp, QSettings::IniFormat);
        for (const auto &a : accounts) {
            ini.beginGroup(a.name);
            ini.setValue(QStringLiteral("address"), a.address);
            ini.setValue(QStringLiteral("mode"), modeName(a.mode));
            if (a.imap) ini.setValue(QStringLiteral("imap"), a.imap->toString());
            if (a.pop3) ini.setValue(QStringLiteral("pop3"), a.pop3->toString());
            if (a.smtp) ini.setValue(QStringLiteral("smtp"), a.smtp->toString());
            if (!a.caFile.isEmpty()) ini.setValue(QStringLiteral("ca-file"), a.caFile);
            if (!a.passwordEnv.isEmpty()) ini.setValue(QStringLiteral("password-env"), a.passwordEnv);
            ini.setValue(QStringLiteral("auth"), a.oauth ? QStringLiteral("oauth2") : QStringLiteral("password"));
            if (a.pop3) ini.setValue(QStringLiteral("leave-on-server"), a.leaveOnServer.toString());
            ini.endGroup();
        }
        ini.sync();
        if (ini.status() != QSettings::NoError)
            return Error::io(QStringLiteral("cannot write %1").arg(tmp));
    }
    // POSIX rename() replaces the target atomically (QFile::rename would refuse).
    if (std::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(m_file).constData()) != 0)
        return Error::io(QStringLiteral("cannot replace %1").arg(m_file));
    return success();
}

} // namespace tern::store
