"""State changes of people and their authority: one function each."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import (
    Delegation,
    HistoryEvent,
    Membership,
    Notification,
    Organisation,
    OrganisationPermission,
    User,
)
from .roles import ROLE_ORGANISATION_KINDS, Role, permission_codename


def _role_permission(role: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="approvals", codename=permission_codename(role)
    )


@transaction.atomic
def add_membership(
    *, person: User, organisation: Organisation, role: str, is_supervisor: bool = False
) -> Membership:
    """Give `person` the `role` in `organisation`, with its authority on that organisation."""
    if organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
        raise ValidationError(
            _("A %(role)s cannot be a member of %(organisation)s.")
            % {"role": Role(role).label, "organisation": organisation.name}
        )
    membership, _created = Membership.objects.update_or_create(
        person=person,
        organisation=organisation,
        role=role,
        defaults={"is_supervisor": is_supervisor},
    )
    OrganisationPermission.objects.get_or_create(
        user=person, permission=_role_permission(role), content_object=organisation
    )
    if role == Role.ADMINISTRATOR:
        _make_administrator(person)
    return membership


# What an administrator maintains in Django's admin: reference data and thresholds.
# People's history, decisions and delegations are for reading only.
ADMINISTERED = {
    "approvals": ["user", "membership", "organisation", "province", "town", "checkpoint",
                  "approvalstep", "approvalpolicy", "reason"],
    "requests": ["material", "site"],
}
READ_ONLY = {"approvals": ["historyevent", "delegation"]}


def _make_administrator(person: User) -> None:
    group, _created = Group.objects.get_or_create(name="Administrators")
    codenames = [
        (app, f"{action}_{model}")
        for app, models in ADMINISTERED.items() for model in models
        for action in ("view", "add", "change")
    ] + [(app, f"view_{model}") for app, models in READ_ONLY.items() for model in models]
    query = Q()
    for app, codename in codenames:
        query |= Q(content_type__app_label=app, codename=codename)
    group.permissions.set(Permission.objects.filter(query))
    person.groups.add(group)
    if not person.is_staff:
        person.is_staff = True
        person.save(update_fields=["is_staff"])


@transaction.atomic
def end_membership(*, membership: Membership) -> None:
    """Take a role away: the authority it gave goes with it."""
    OrganisationPermission.objects.filter(
        user=membership.person,
        permission=_role_permission(membership.role),
        content_object=membership.organisation,
    ).delete()
    membership.delete()


def deactivate_person(*, person: User) -> None:
    """People leave; their decisions and task history stay (viewflow's Task.owner cascades)."""
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])


def set_language(*, person: User, language: str) -> None:
    person.language = language
    person.save(update_fields=["language"])


def record_event(
    *,
    kind: str,
    application=None,
    actor: User | None = None,
    on_behalf_of: User | None = None,
    note: str = "",
    data: dict | None = None,
) -> HistoryEvent:
    """Append to the history. The only writer of HistoryEvent."""
    return HistoryEvent.objects.create(
        kind=kind, application=application, actor=actor, on_behalf_of=on_behalf_of,
        note=note, data=data or {},
    )


def notify(
    *, recipient: User, subject, params: dict | None = None, body="", url: str = ""
) -> Notification:
    """Tell the one person who must act: in the product now, by e-mail at once or in
    the daily digest as they chose. `subject` is a lazy template filled with `params`
    in the recipient's language. The e-mail leaves only after commit."""
    with translation.override(recipient.language):
        text = str(subject) % (params or {})
        notification = Notification.objects.create(
            recipient=recipient, subject=text[:300], body=str(body), url=url
        )
    if recipient.notification_mode == User.NotificationMode.IMMEDIATE and recipient.email:
        transaction.on_commit(lambda: send_notification_email(notification.pk))
    return notification


def send_notification_email(notification_pk: int) -> None:
    notification = Notification.objects.select_related("recipient").get(pk=notification_pk)
    if notification.emailed_at is not None:
        return
    send_mail(
        notification.subject,
        f"{notification.body}\n\n{settings.RETURNS_BASE_URL}{notification.url}".strip(),
        None,
        [notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def send_daily_digests(*, now=None) -> int:
    """One e-mail per digest reader with everything not yet e-mailed, once a day."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < settings.RETURNS_DIGEST_HOUR:
        return 0
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    sent = 0
    readers = User.objects.filter(
        is_active=True, notification_mode=User.NotificationMode.DAILY_DIGEST,
        notifications__emailed_at__isnull=True,
    ).exclude(notifications__emailed_at__gte=start_of_day).distinct()
    for reader in readers:
        pending = list(reader.notifications.filter(emailed_at__isnull=True).order_by("pk"))
        with translation.override(reader.language):
            subject = _("Your daily digest: %(count)d notification(s)") % {"count": len(pending)}
        lines = [f"- {n.subject} {settings.RETURNS_BASE_URL}{n.url}" for n in pending]
        if reader.email:
            send_mail(subject, "\n".join(lines), None, [reader.email])
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        sent += 1
    return sent


@transaction.atomic
def delegate(*, principal: User, acting: User, starts_on, ends_on) -> Delegation:
    """Name an acting approver for a period; recorded in the principal's history."""
    if acting == principal:
        raise ValidationError(_("You cannot delegate to yourself."))
    if ends_on < starts_on:
        raise ValidationError(_("The period ends before it starts."))
    if not acting.is_active:
        raise ValidationError(_("The acting approver is no longer active."))
    delegation = Delegation.objects.create(
        principal=principal, acting=acting, starts_on=starts_on, ends_on=ends_on
    )
    record_event(
        kind=HistoryEvent.Kind.DELEGATED, actor=principal,
        note=f"{acting.get_full_name() or acting.username}: {starts_on} – {ends_on}",
        data={"delegation": delegation.pk, "acting": acting.pk},
    )
    notify(
        recipient=acting,
        subject=_lazy("%(name)s named you acting approver from %(start)s to %(end)s"),
        params={"name": principal.get_full_name() or principal.username, "start": starts_on,
                "end": ends_on},
        url="/work/queue/",
    )
    return delegation


@transaction.atomic
def revoke_delegation(*, delegation: Delegation, actor: User) -> None:
    if delegation.principal != actor:
        raise PermissionDenied
    if delegation.revoked_at is None:
        delegation.revoked_at = timezone.now()
        delegation.save(update_fields=["revoked_at"])
        record_event(kind=HistoryEvent.Kind.DELEGATED, actor=actor,
                     note=_("Delegation revoked"), data={"delegation": delegation.pk})


def mark_notifications_read(*, person: User) -> None:
    person.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
