from app.cli_early import main

raise SystemExit(main())
