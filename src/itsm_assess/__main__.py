from itsm_assess.cli import main

main()
