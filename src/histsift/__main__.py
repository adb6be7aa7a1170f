from histsift.cli import main

main()
