"""Errors a user can act on: the CLI prints them on one line, the GUI in a message box."""


class RingbinderError(Exception):
    """Bad input or an unusable binder; nothing has been changed when it is raised."""


class InvalidInput(RingbinderError):
    """A value the user typed (a date, a phone, an id) cannot be used."""


class NotFound(RingbinderError):
    """An id that names no dossier in this binder."""


class BinderUnavailable(RingbinderError):
    """The binder file cannot be opened: missing, not a binder, too new, or held elsewhere."""


class BinderLocked(BinderUnavailable):
    """Another Ringbinder process holds the binder for writing."""


class PasswordWanted(BinderUnavailable):
    """A team binder's server asked for a password the connection did not have."""


class BinderTooNew(BinderUnavailable):
    """The binder was written by a newer Ringbinder; it is left untouched."""


class BinderNeedsUpgrade(BinderUnavailable):
    """A binder from an older version, opened read-only: it must be opened for writing once."""


class ReadOnlyBinder(RingbinderError):
    """A write was attempted on a binder opened read-only."""


class Cancelled(RingbinderError):
    """The user stopped a long operation (a batch print); nothing was written."""


class HandoverRefused(InvalidInput):
    """A handover file that cannot be opened; each subclass says why, so the app can ask for
    a passphrase or explain what to do, and the binder is never touched."""


class NotAHandover(HandoverRefused):
    """The file is not a Ringbinder handover file at all."""


class HandoverDamaged(HandoverRefused):
    """The file fails its integrity check: damaged in transit, truncated or altered."""


class WrongPassphrase(HandoverRefused):
    """The encrypted body does not authenticate: a wrong passphrase, or an altered file."""


class PassphraseNeeded(HandoverRefused):
    """The file is encrypted and no passphrase was given."""


class HandoverTooNew(HandoverRefused):
    """A newer format version: refused untouched."""


class HandoverTooLarge(HandoverRefused):
    """Larger than a handover can sensibly be, on disk or once unpacked."""


class BinderReadOnlyMedia(BinderUnavailable):
    """The binder's file or its folder cannot be written (read-only media, a read-only file):
    it opens read-only instead, and writes are refused."""


class BinderDamaged(BinderUnavailable):
    """SQLite finds the binder file damaged: it opens read-only at best, and a backup is the
    way back."""

    detail: str = ""  # SQLite's own first message


class EditConflict(RingbinderError):
    """A card edit based on values someone else changed meanwhile (a team binder's other
    window, another program): nothing was written. `conflicts` holds, field by field, what
    was typed here and what is in the binder now, for the user to choose."""

    def __init__(self, message: str, dossier_id: str,
                 conflicts: list[tuple[str, object, object]]) -> None:
        super().__init__(message)
        self.dossier_id = dossier_id
        self.conflicts = conflicts  # (field, typed here, in the binder now)
