from cips_agent.cli import main

raise SystemExit(main())
