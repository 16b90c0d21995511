"""Support hours: clock-time windows with days and time zone, round-the-clock cover, and what is not a window.

The phrasings are from the hand-labelled support-hours quotes of the CUAD service contracts, the TDRS task
order and the bundled sample proposal.
"""

from __future__ import annotations

import pytest

from extractors.facts import find_facts
from extractors.hours import find_hours
from extractors.pipeline import extract_text
from extractors.values import principal_value


@pytest.mark.parametrize(("text", "expected"), [
    ("Support is available Monday to Friday, 08:00–18:00 Central European Time (CET).",
     "Mon–Fri 08:00–18:00 Central European Time"),
    ("Normal working hours are from 9:00AM to 5:00PM Eastern time Monday through Friday.",
     "Mon–Fri 09:00–17:00 Eastern time"),
    ("5x12 call-in support between hours of 6:30 a.m. and 6:30 p.m. Eastern Time Monday through Friday",
     "Mon–Fri 06:30–18:30 Eastern Time"),
    ("Company's normal business hours which are 9 a.m. to 5 p.m. UTC +2, Monday through Friday.",
     "Mon–Fri 09:00–17:00 UTC +2"),
    ('"Support Hours" means the hours between 8:00 a.m., Eastern Time, and 5:00 p.m., Eastern Time on Support Days.',
     "support days 08:00–17:00 Eastern Time"),
    ("The normal business hours will be Monday - Friday 07.30 hours to 1800 hours.", "Mon–Fri 07:30–18:00"),
    ("South African working hours: 8h00 - 20h00 during South African workdays.", "workdays 08:00–20:00"),
    ('"Hot line" shall mean a service available from 7:30 am to Midnight local Work Center time, Mondays through '
     "Fridays", "Mon–Fri 07:30–24:00 local Work Center time"),
    ("Your normal working hours are Monday to Friday from 9.00 am to 5.30 pm.", "Mon–Fri 09:00–17:30"),
    ("Our help desk is open 8am-6pm ET on business days.", "business days 08:00–18:00 ET"),
    ("Scheduled maintenance takes place on Sundays 02:00–06:00 CET with 5 business days' notice.",
     "Sun 02:00–06:00 CET"),
    ("The branch is open Friday 7:00 a.m. - 12:00 midnight.", "Fri 07:00–24:00"),
    ("The meeting runs 1:00-2:00 p.m.", "13:00–14:00"),
    ("The Provider will be available 24 hours per day, seven (7) days per week.", "24/7"),
    ("the Maintenance Period shall be twenty- four (24) hours per day, seven (7) days per week", "24/7"),
    ("24 x 7 emergency phone support", "24/7"),
    ("SAP provides a 7X24 support availability.", "24/7"),
    ("Emergency support will be available on call twenty-four (24) hours a day.", "24 hours a day"),
    ("SEV will provide maintenance Services 24 hours a day Monday to Friday.", "24 hours, Mon–Fri"),
    # found by review: excluded days, the nearest day and zone, halves without a.m./p.m., 24-hour forms
    ("Support is available from 9:00 a.m. to 5:00 p.m. on any day other than a Saturday, Sunday or public holiday.",
     "09:00–17:00"),
    ("Support is available 8:00-18:00, except on Saturdays and Sundays.", "08:00–18:00"),
    ("Support is available 9:00 a.m. to 5:00 p.m. (Eastern Standard Time), Monday through Friday, excluding "
     "holidays.", "Mon–Fri 09:00–17:00 Eastern Standard Time"),
    ("Support is available 9:00 to 5:00 Eastern Time.", "09:00–17:00 Eastern Time"),
    ("Maintenance runs from midnight to 4:00 a.m. on Sundays.", "Sun 00:00–04:00"),
    ("The help desk is staffed from 12 midnight to 2:00 p.m.", "00:00–14:00"),
    ("Support is available 0800-1700 hours.", "08:00–17:00"),
    ("Support is available 09.00-17.00 CET.", "09:00–17:00 CET"),
    ("Support is available 24-7.", "24/7"),
    ("Support is available 24x7x365.", "24/7"),
    ("Support is available 9:00‒17:00 CET.", "09:00–17:00 CET"),
    # found by a second review: an exclusion before the window governs the holidays, not the hours
    ("Support is available Monday through Friday, excluding public holidays, from 9:00 AM to 6:00 PM.",
     "Mon–Fri 09:00–18:00"),
    ("Support is available (except public holidays) from 08:00 to 17:00 CET.", "08:00–17:00 CET"),
    ("Support is available except on public holidays, Monday to Friday 08:00-17:00.", "Mon–Fri 08:00–17:00"),
    ("Support is available on weekends between 10:00 and 16:00 CET.", "weekends 10:00–16:00 CET"),
    ("Support is available 24/5.", "24 hours, Mon–Fri"),
])
def test_support_hours_phrasings(text: str, expected: str) -> None:
    assert [w.normalized for w in find_hours(text)][:1] == [expected]


@pytest.mark.parametrize("text", [
    "Deliveries are accepted from 9 to 5.",  # no minutes, no a.m./p.m.: a count as much as a time
    "See sections 5.30 to 6.00 of the schedule.",
    "The fee rises from 12.50 to 14.75 per unit.",
    "Call 1-800-667-6901 during business hours.",
    "Between 9:00 and 9:00 nothing happens.",
    "Invoices 10:00 and 12:00 were paid.",  # "and" joins two times only after "between"
    "Support services commence on 24/7/2023.",  # a date, not round-the-clock cover
    "See Directive 2002/24/7 and Article 24/7 of the Regulation.",
    "Excluding the period from 6:00 a.m. to 8:00 a.m. each Sunday, the service is available.",
    "The years 2024-2025 were good.",
    "Rates are EUR 10.00 to 15.00 per hour.",
    "Support covers version 10.15 to 10.20 of the client.",
])
def test_not_support_hours(text: str) -> None:
    assert find_hours(text) == []


def test_each_line_of_an_hours_schedule_keeps_its_own_days_and_zone() -> None:
    schedule = ("Support Hours\nMonday-Thursday 8:00 a.m. - 6:00 p.m.\nFriday 8:00 a.m. - 4:00 p.m.\n"
                "Saturday 9:00 a.m. - 1:00 p.m.\n")
    assert [w.normalized for w in find_hours(schedule)] == ["Mon–Thu 08:00–18:00", "Fri 08:00–16:00",
                                                             "Sat 09:00–13:00"]
    regions = "Europe: Mon-Fri 8:00-18:00 CET; US: Mon-Sat 9:00-17:00 EST."
    assert [w.normalized for w in find_hours(regions)] == ["Mon–Fri 08:00–18:00 CET", "Mon–Sat 09:00–17:00 EST"]
    split = "Support is available 9:00 a.m. to 5:00 p.m. (Eastern Standard Time), Monday through Friday."
    assert [f.normalized for f in find_facts(split) if f.kind == "hours"] == [
        "Mon–Fri 09:00–17:00 Eastern Standard Time"]  # the sentence splitter stops at "p.m."; the days do not


def test_hours_are_facts_of_support_or_maintenance_and_no_delay() -> None:
    text = ("Support is available 24 hours a day, seven days a week. "
            "Planned maintenance takes place on Sundays between 2:00 a.m. and 6:00 a.m. CET.")
    facts = find_facts(text)
    hours = [(f.topic, f.normalized, f.value["role"]) for f in facts if f.kind == "hours"]
    assert hours == [("support.hours", "24/7", "hours"),
                     ("sla.maintenance", "Sun 02:00–06:00 CET", "maintenance_window")]
    assert not [f for f in facts if f.kind == "duration" and "24" in f.normalized]  # "24 hours a day" is no delay


def test_a_time_window_outside_support_is_not_the_support_hours() -> None:
    found = extract_text(
        "4.1 Support hours\nSupport is available during business hours, Monday to Friday, 08:00-18:00 CET.\n"
        "9. Closing\nThe Closing shall take place from 10:00 a.m. to 12:00 p.m. on March 3, 2021, and services "
        "start then.\n")
    assert {d.topic: d for d in found.disclosures}["support.hours"].value == "Mon–Fri 08:00–18:00 CET"
    closing = [f for f in found.facts if f.kind == "hours" and f.normalized.startswith("10:00")]
    assert closing and closing[0].value["role"] == ""


def test_support_hours_disclosure_value() -> None:
    found = extract_text(
        "4.1 Support hours\nSupport is available Monday to Friday, 08:00-18:00 CET, excluding public holidays.\n"
        "4.2 Maintenance\nScheduled maintenance takes place on Sundays 02:00-06:00 CET.\n")
    by_topic = {d.topic: d for d in found.disclosures}
    assert by_topic["support.hours"].value == "Mon–Fri 08:00–18:00 CET"
    assert principal_value("sla.maintenance", found.clauses, found.facts, found.document) == "Sun 02:00–06:00 CET"
