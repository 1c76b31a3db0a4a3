from coupling.cli import main

main()
