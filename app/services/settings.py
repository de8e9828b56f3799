"""The binder's own settings: owner, tab mode, capacity, holiday country, phone region."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from babel import Locale

from app.binder import StripSettings, TabMode
from app.binder.calendar import is_supported_country
from app.errors import InvalidInput
from app.i18n import _, current_locale
from app.services import validate as v
from app.services.dto import Changes
from app.store import queries

if TYPE_CHECKING:
    from app.services.binder import Services


@dataclass(frozen=True)
class Settings:
    binder_id: str
    owner_name: str
    tab_mode: TabMode
    horizon_months: int
    daily_capacity: int
    holiday_country: str
    phone_region: str
    currency: str
    # a next contact set within this many days (today included) is not moved by rebalancing
    # unless asked: the date was just agreed with the client (0: every date may move)
    recent_days: int = 2

    @property
    def strip(self) -> StripSettings:
        return StripSettings(self.tab_mode, self.horizon_months, self.holiday_country or None)

    @property
    def region(self) -> str | None:
        """The region phones without a country code belong to."""
        if self.phone_region:
            return self.phone_region
        if len(self.holiday_country) == 2:
            return self.holiday_country
        return Locale.parse(current_locale()).territory


class SettingsService:
    def __init__(self, services: Services) -> None:
        self._s = services
        self._cached: Settings | None = None

    def get(self) -> Settings:
        if self._cached is None:
            with self._s.db.reader() as cur:  # plain SQL: read as the binder opens
                row = queries.binder_settings(cur)
            if row is None:
                from sqlalchemy.exc import NoResultFound

                raise NoResultFound("binder_settings")
            uuid, owner, mode, horizon, capacity, country, region, currency, recent = row
            self._cached = Settings(uuid, owner, TabMode(mode), horizon, capacity, country,
                                    region, currency, recent)
        return self._cached

    def forget(self) -> None:
        """Read the settings again when next asked: another window of a team binder (or a
        manager elsewhere) changed them."""
        self._cached = None

    def update(self, **changes: object) -> Changes:
        """Change some settings; each is checked before anything is written. A team
        binder's are the team's: its managers change them."""
        self._s.people.require_manager(_(
            "Only a manager of this team binder can change its settings."))
        new, problems = self._checked(changes)
        if problems:
            raise InvalidInput(next(iter(problems.values())))
        from app.store.models import BinderSettings

        with self._s.db.write() as session:
            row = session.get_one(BinderSettings, 1)
            row.owner_name = new.owner_name
            row.tab_mode = new.tab_mode.value
            row.horizon_months = new.horizon_months
            row.daily_capacity = new.daily_capacity
            row.holiday_country = new.holiday_country
            row.phone_region = new.phone_region
            row.currency = new.currency
            row.recent_days = new.recent_days
        self._cached = new
        return Changes(settings=True)

    def problems(self, **changes: object) -> dict[str, str]:
        """Why each refused setting is refused, by name ({}: update takes them all), so that
        a form can show every refusal under its field, where update names only the first."""
        return self._checked(changes)[1]

    def _checked(self, changes: dict[str, object]) -> tuple[Settings, dict[str, str]]:
        unknown = set(changes) - set(Settings.__dataclass_fields__) - {"binder_id"}
        if unknown or "binder_id" in changes:
            raise InvalidInput(_("Unknown setting: {names}.").format(
                names=", ".join(sorted(unknown | ({"binder_id"} & set(changes))))))
        new = replace(self.get(), **changes)  # type: ignore[arg-type]  # checked just below
        problems: dict[str, str] = {}
        tidy: dict[str, object] = {"tab_mode": TabMode(new.tab_mode),
                                   "holiday_country": new.holiday_country.strip().upper()}
        for name, parse in (("phone_region", v.parse_region), ("currency", v.parse_currency)):
            try:
                tidy[name] = parse(getattr(new, name))
            except InvalidInput as exc:
                problems[name] = str(exc)
        new = replace(new, **tidy)  # type: ignore[arg-type]
        if not 1 <= new.horizon_months <= 3:
            problems["horizon_months"] = _("The working-days horizon is 1 to 3 months.")
        if not 0 <= new.daily_capacity <= 10_000:
            problems["daily_capacity"] = _(
                "The daily capacity is a number from 0 (no limit) to 10000.")
        if not 0 <= new.recent_days <= 365:
            problems["recent_days"] = _("A date counts as just agreed for 0 to 365 days.")
        if new.holiday_country and not is_supported_country(new.holiday_country):
            problems["holiday_country"] = _(
                "No public holidays are known for '{country}'.").format(
                country=new.holiday_country)
        return new, problems


def holiday_countries() -> list[tuple[str, str]]:
    """The countries whose public holidays are known, as (code, name in the language in
    force) by name: the settings offer them to pick, so that none is mistyped."""
    from app.binder.calendar import supported_countries
    from app.store.fold import fold

    names = Locale.parse(current_locale()).territories
    found = [(code, str(names[code])) for code in supported_countries() if code in names]
    return sorted(found, key=lambda pair: fold(pair[1]))
