"""Reading and writing the formats other programs keep contacts and calendars in (vCard, CSV,
spreadsheets, iCalendar), as plain records: no Qt and no database, so that every reader can
be tested on the files real producers write and the services decide what becomes a dossier."""
